import { stemmer } from 'stemmer';
import { isStopWord } from './stopwords.ts';

/**
 * Word → index term: lower-cased, stop words dropped (null), Porter-stemmed so that "habit",
 * "habits" and "habitual" meet. Stems are memoised: a 10,000-post archive has far fewer distinct
 * words than tokens, and stemming is the hottest call when indexing.
 */
const termCache = new Map<string, string | null>();

export function termOf(word: string): string | null {
  const known = termCache.get(word);
  if (known !== undefined) return known;
  let term: string | null;
  if ((word.length < 2 && !/\d/.test(word)) || isStopWord(word)) term = null;
  else term = /^\p{N}+$/u.test(word) ? word : stemmer(word);
  if (termCache.size > 500_000) termCache.clear(); // bound memory on huge inputs
  termCache.set(word, term);
  return term;
}
