import { stemmer } from 'stemmer';
import { isStopWord } from './stopwords.ts';

/**
 * Word → index term: lower-cased, stop words dropped (null), Porter-stemmed so that "habit",
 * "habits" and "habitual" meet. Stems are memoised: a 10,000-post archive has far fewer distinct
 * words than tokens, and stemming is the hottest call when indexing.
 */
const stemCache = new Map<string, string>();

export function termOf(word: string): string | null {
  if (word.length < 2 && !/\d/.test(word)) return null;
  if (isStopWord(word)) return null;
  let stem = stemCache.get(word);
  if (stem === undefined) {
    stem = /^\p{N}+$/u.test(word) ? word : stemmer(word);
    if (stemCache.size > 500_000) stemCache.clear(); // bound memory on huge inputs
    stemCache.set(word, stem);
  }
  return stem;
}
