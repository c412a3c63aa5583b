import { DATE_RULE, isoDay, parseDay } from '../dates.ts';
import { fnv1a } from '../fnv.ts';
import { type Frontmatter, parseFrontmatter } from '../content/frontmatter.ts';
import { proseOf, sourceKindOf, type Heading } from '../markdown/prose.ts';
import { OriginalityInputError } from './errors.ts';
import { termOf } from './terms.ts';
import { scanWords, splitSentences, tokenize, type Sentence, type Token } from './tokenize.ts';

/** What a post says about itself: frontmatter, or the file name for a plain `.txt`. */
export interface PostMeta {
  title: string;
  /** `pubDate` as YYYY-MM-DD, or null when the file has none. */
  date: string | null;
  description: string;
  tags: string[];
  draft: boolean;
}

/** A section: a heading (or the start of the post) and the text up to the next heading. */
export interface Section {
  heading: string | null;
  tokFrom: number;
  tokTo: number;
}

/** One post, parsed and tokenised: everything scoring and alignment need. */
export interface AnalyzedDocument {
  meta: PostMeta;
  source: string;
  tokens: Token[];
  sentences: Sentence[];
  headings: Heading[];
  sections: Section[];
  /** Term → frequency, body plus boosted title, description, headings and tags. */
  termFrequencies: Map<string, number>;
  /** Number of words in the prose (stop words included). */
  words: number;
  /** Where the body starts, after the frontmatter (0 when there is none). */
  bodyStart: number;
  /** The writer gave a title (a string `title`), so its words are boosted. */
  authoredTitle: boolean;
}

/**
 * What the index keeps of a post's frontmatter, so an unchanged post (same content hash) is
 * read again without parsing its YAML: a warm check then parses only the draft's.
 */
export interface KnownFrontmatter {
  meta: PostMeta;
  bodyStart: number;
  authoredTitle: boolean;
}

/**
 * Extra weight of the fields that say what a post is about. The title is counted as three more
 * occurrences of its terms, and so on; these are the "boosted fields" of Hugo or YARPP, kept
 * mild so that a catchy title alone does not make two posts the same.
 */
export const FIELD_BOOST = { title: 3, description: 1, tags: 2, headings: 1 } as const;

export class InvalidPostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidPostError';
  }
}

/** Reads the frontmatter keys the engine needs; throws InvalidPostError with a clear reason. */
export function readMeta(data: Record<string, unknown>, fallbackTitle: string): PostMeta {
  const title = data['title'];
  if (title !== undefined && title !== null && typeof title !== 'string' && typeof title !== 'number') {
    throw new InvalidPostError('`title` must be a string');
  }
  const draft = data['draft'] ?? false;
  if (typeof draft !== 'boolean') throw new InvalidPostError('`draft` must be true or false');
  const pubDate = data['pubDate'];
  let date: string | null = null;
  if (pubDate !== undefined && pubDate !== null) {
    // The site's one date rule (src/lib/dates.ts), so the engine and the schema agree.
    const day = parseDay(pubDate);
    if (!day) throw new InvalidPostError(`pubDate must be ${DATE_RULE}, found "${String(pubDate)}"`);
    date = isoDay(day);
  }
  const tagsRaw = data['tags'] ?? [];
  const tags = Array.isArray(tagsRaw) ? tagsRaw.map(String) : typeof tagsRaw === 'string' ? [tagsRaw] : [];
  const description = typeof data['description'] === 'string' ? data['description'] : '';
  return { title: title === undefined || title === null || String(title).trim() === '' ? fallbackTitle : String(title), date, description, tags, draft };
}

/** Title for a file without one (a `.txt` file): its file name, without the extension. */
export function titleFromFileName(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.(mdx?|txt)$/i, '');
}

/** `parseFrontmatter`, or what gives its result without parsing (cached-frontmatter.ts). */
export type FrontmatterReader = (source: string) => Frontmatter;

/** The frontmatter and prose of one file; throws FrontmatterError / InvalidPostError on bad input. */
function readPost(file: string, source: string, known?: KnownFrontmatter, readFrontmatter: FrontmatterReader = parseFrontmatter) {
  const kind = sourceKindOf(file);
  const { data, bodyStart }: { data: Record<string, unknown>; bodyStart: number } = known
    ? { data: {}, bodyStart: known.bodyStart }
    : kind === 'txt'
      ? { data: {}, bodyStart: 0 }
      : readFrontmatter(source);
  const prose = proseOf(source, kind, bodyStart);
  const firstH1 = prose.headings.find((h) => h.level === 1)?.text;
  const meta = known?.meta ?? readMeta(data, firstH1 ?? titleFromFileName(file));
  return { meta, bodyStart, prose, authoredTitle: known?.authoredTitle ?? typeof data['title'] === 'string' };
}

/** Term frequencies of the body, plus the fields that say what the post is about, boosted; `scanTerms` reads a field's terms. */
function countTerms<T>(post: ReturnType<typeof readPost>, bodyTerms: Iterable<T | null>, scanTerms: TermScanner<T>): Map<T, number> {
  const termFrequencies = new Map<T, number>();
  const count = (term: T | null, weight: number) => {
    if (term !== null) termFrequencies.set(term, (termFrequencies.get(term) ?? 0) + weight);
  };
  for (const term of bodyTerms) count(term, 1);
  const add = (text: string, weight: number) => scanTerms(text, (term) => count(term, weight));
  // Only a title the author wrote counts: a file name ("g0pA_taskb.txt") is not content, and an
  // H1 used as title is already in the body.
  if (post.authoredTitle) add(post.meta.title, FIELD_BOOST.title);
  add(post.meta.description, FIELD_BOOST.description);
  add(post.meta.tags.join(' '), FIELD_BOOST.tags);
  for (const heading of post.prose.headings) add(heading.text, FIELD_BOOST.headings);
  return termFrequencies;
}

/**
 * Parses and tokenises one file. Throws FrontmatterError / InvalidPostError on bad input.
 * `termsOnly` skips sentences and sections, which term scores do not need (a third of the work).
 */
export function analyzeDocument(file: string, source: string, termsOnly = false, known?: KnownFrontmatter): AnalyzedDocument {
  const post = readPost(file, source, known);
  const tokens = tokenize(post.prose.masked);
  const { meta, prose, bodyStart, authoredTitle } = post;
  return {
    meta,
    source,
    tokens,
    sentences: termsOnly ? [] : splitSentences(prose.masked, tokens),
    headings: prose.headings,
    sections: termsOnly ? [] : sectionsOf(tokens, prose.headings),
    termFrequencies: countTerms(
      post,
      tokens.map((t) => t.term),
      (text, visit) => scanWords(text, (_, __, word) => visit(termOf(word))),
    ),
    words: tokens.length,
    bodyStart,
    authoredTitle,
  };
}

/** A post's terms by id, in order of first use, with their counts, and its fingerprints. */
export type TermData = { termIds: Uint32Array; frequencies: Float32Array; fingerprints: Uint32Array };

/** What the index keeps of a newly read post: its TermData and its distinct content words, as related posts weigh them (contentWords), space-separated. */
export type PostTerms = TermData & { contentWords: string };

/** What the archive index stores of a post. */
export interface IndexedFeatures extends KnownFrontmatter {
  words: number;
  terms: PostTerms;
}

/** Calls `visit` with the term of each word of `text` (null for a stop word). */
type TermScanner<T> = (text: string, visit: (term: T | null) => void) => void;

/** A content word as the index reads it: its term's id, and the word as written (see contentWords). */
export interface NumberedWord {
  term: number;
  word: string;
}

/**
 * How the index numbers terms: each word of a text with its term id (null for a stop word), and a
 * term's hash, which fingerprints are made of. The index looks each distinct word up once.
 */
export interface TermNumbering {
  scan: TermScanner<NumberedWord>;
  hashOf(id: number): number;
}

/**
 * The same reading as analyzeDocument, for the index: no token objects (a cold index of 10,000
 * posts would allocate six million), only the terms, counted and fingerprinted.
 */
export function indexedFeatures(file: string, source: string, numbering: TermNumbering, readFrontmatter?: FrontmatterReader): IndexedFeatures {
  const post = readPost(file, source, undefined, readFrontmatter);
  const [ids, hashes] = [[] as number[], [] as number[]];
  const contentWords = new Set<string>();
  let words = 0;
  numbering.scan(post.prose.masked, (numbered) => {
    words++;
    if (numbered === null) return;
    ids.push(numbered.term);
    hashes.push(numbering.hashOf(numbered.term));
    contentWords.add(numbered.word);
  });
  const fingerprints = Uint32Array.from(winnow(shinglesOf(hashes), WINNOW_WINDOW));
  const counts = countTerms(post, ids, (text, visit) => numbering.scan(text, (numbered) => visit(numbered === null ? null : numbered.term)));
  const [termIds, frequencies] = [new Uint32Array(counts.size), new Float32Array(counts.size)];
  let k = 0;
  counts.forEach((count, id) => {
    termIds[k] = id;
    frequencies[k++] = count;
  });
  const { meta, bodyStart, authoredTitle } = post;
  return { meta, bodyStart, authoredTitle, words, terms: { termIds, frequencies, fingerprints, contentWords: [...contentWords].join(' ') } };
}

function sectionsOf(tokens: readonly Token[], headings: readonly Heading[]): Section[] {
  const sections: Section[] = [];
  let heading: string | null = null;
  let from = 0;
  let h = 0;
  for (let k = 0; k <= tokens.length; k++) {
    const token = tokens[k];
    const next = headings[h];
    if (token === undefined || (next !== undefined && token.start >= next.start)) {
      if (k > from) sections.push({ heading, tokFrom: from, tokTo: k });
      if (token === undefined) break;
      heading = next!.text;
      from = k;
      h++;
      while (headings[h] !== undefined && headings[h]!.start <= token.start) heading = headings[h++]!.text;
    }
  }
  return sections;
}

/** Indices of the tokens that carry a term (stop words skipped). */
export function contentPositions(tokens: readonly Token[]): number[] {
  const positions: number[] = [];
  for (let k = 0; k < tokens.length; k++) if (tokens[k]!.term !== null) positions.push(k);
  return positions;
}

export const SHINGLE_SIZE = 3;

/**
 * Hashes of every run of SHINGLE_SIZE consecutive content terms (stop words skipped, so "the
 * habit of writing" and "a habit for writing" share a shingle). Entry i starts at content
 * position i.
 */
export function shingleHashes(tokens: readonly Token[], positions: readonly number[]): Uint32Array {
  return shinglesOf(positions.map((p) => fnv1a(tokens[p]!.term!)));
}

function shinglesOf(termHashes: readonly number[]): Uint32Array {
  const count = Math.max(0, termHashes.length - SHINGLE_SIZE + 1);
  const hashes = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    // Order-sensitive combination of the three term hashes (FNV-style multiply and xor).
    let h = termHashes[i]!;
    for (let j = 1; j < SHINGLE_SIZE; j++) h = Math.imul(h ^ termHashes[i + j]!, 0x01000193) ^ (h >>> 15);
    hashes[i] = h >>> 0;
  }
  return hashes;
}

/**
 * Winnowing (Schleimer, Wilkerson & Aiken 2003): keep the smallest hash of every window of
 * `window` shingles. Any shared run of window + SHINGLE_SIZE - 1 content words is guaranteed to
 * share a fingerprint, at about 2 / (window + 1) of the storage.
 */
export function winnow(hashes: Uint32Array, window: number): number[] {
  const picked: number[] = [];
  let last = -1;
  if (hashes.length <= window) return [...new Set(hashes)];
  for (let start = 0; start + window <= hashes.length; start++) {
    let min = start;
    for (let i = start + 1; i < start + window; i++) if (hashes[i]! <= hashes[min]!) min = i;
    if (min !== last) {
      picked.push(hashes[min]!);
      last = min;
    }
  }
  return [...new Set(picked)];
}

/**
 * Winnowing window over content-word 3-grams: a shared run of window + 2 = 10 content words
 * (a copied sentence or two) always shares a fingerprint, at about 2/9 of the storage.
 */
const WINNOW_WINDOW = 8;

/** A document's winnowed fingerprints, as the index stores them. */
export function fingerprintsOf(doc: AnalyzedDocument): Uint32Array {
  return Uint32Array.from(winnow(shingleHashes(doc.tokens, contentPositions(doc.tokens)), WINNOW_WINDOW));
}

/** Bad frontmatter becomes an OriginalityInputError naming the file. */
function naming<T>(displayPath: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw new OriginalityInputError(`${displayPath}: ${(error as Error).message}`);
  }
}

/** Analyses a post (analyzeDocument), naming the file in any error. */
export function analyzeFile(path: string, source: string, displayPath: string = path, termsOnly = false, known?: KnownFrontmatter): AnalyzedDocument {
  return naming(displayPath, () => analyzeDocument(path, source, termsOnly, known));
}

/** What the index stores of a post (indexedFeatures), naming the file in any error. */
export function indexFile(path: string, source: string, displayPath: string, numbering: TermNumbering, readFrontmatter?: FrontmatterReader): IndexedFeatures {
  return naming(displayPath, () => indexedFeatures(path, source, numbering, readFrontmatter));
}
