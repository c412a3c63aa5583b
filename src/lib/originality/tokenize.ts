import { termOf } from './terms.ts';

/** One word of the text, with its character range in the source file. */
export interface Token {
  start: number;
  end: number;
  /** Lower-cased surface word, apostrophes normalised. */
  word: string;
  /** Stemmed index term, or null for a stop word. */
  term: string | null;
}

/** A sentence: a run of tokens [tokFrom, tokTo) and its character range in the source. */
export interface Sentence {
  start: number;
  end: number;
  tokFrom: number;
  tokTo: number;
}

const WORD_CHAR = /[\p{L}\p{N}\p{M}]/u;
const wordCharCache = new Map<number, boolean>();

/** Letter, digit or combining mark (a code point); ASCII answered without a regex (the hot path). */
function isWordChar(code: number): boolean {
  if (code < 128) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  let known = wordCharCache.get(code);
  if (known === undefined) {
    known = WORD_CHAR.test(String.fromCodePoint(code));
    wordCharCache.set(code, known);
  }
  return known;
}

/**
 * UTF-16 units of the letter, digit or mark at `i`, or 0: 2 for one beyond the Basic Multilingual
 * Plane ("𠀀", "𝐀"), which countWords's regex reads as one character too.
 */
function wordCharWidth(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff) return isWordChar(code) ? 1 : 0;
  const point = text.codePointAt(i)!;
  return point > 0xffff && isWordChar(point) ? 2 : 0;
}

const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;

/**
 * The one word scanner. Calls `visit` with each word of `text`, in which non-prose has already
 * been blanked out (see src/lib/markdown/prose.ts), so offsets are offsets into the original
 * file. Words are runs of letters and digits with inner apostrophes ("don't", "writer’s").
 * `word` is the word lower-cased, apostrophes normalised, or null when it is the text between the
 * offsets as is (lower-case ASCII: most words); `ascii` says the word is ASCII letters and
 * digits, which a caller can then look up where it stands, without a string (word-table.ts).
 * Hand-written: this is the hottest loop of indexing, and a Unicode regex with matchAll was four
 * times slower.
 */
export function scanWordSpans(text: string, visit: (start: number, end: number, word: string | null, ascii: boolean) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (wordCharWidth(text, i) === 0) {
      i++;
      continue;
    }
    const start = i;
    let lower = true;
    let ascii = true;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c >= 97 && c <= 122) {
        i++;
        continue;
      }
      const width = wordCharWidth(text, i);
      if (width > 0) {
        lower = false;
        ascii &&= c < 128;
        i += width;
        continue;
      }
      const after = (c === APOSTROPHE || c === RIGHT_QUOTE) && i + 1 < n ? wordCharWidth(text, i + 1) : 0;
      if (after === 0) break;
      ascii = false;
      i += 1 + after;
    }
    visit(start, i, lower && ascii ? null : normalWord(text.slice(start, i)), ascii);
  }
}

function normalWord(raw: string): string {
  let word = raw.toLowerCase();
  if (word.includes('’')) word = word.replace(/’/g, "'");
  // Possessive "'s" adds nothing to the term and would block matches with the bare noun.
  return word.endsWith("'s") ? word.slice(0, -2) : word;
}

/** Calls `visit` with each word of `text` and its offsets, as scanWordSpans reads them. */
export function scanWords(text: string, visit: (start: number, end: number, word: string) => void): void {
  scanWordSpans(text, (start, end, word) => visit(start, end, word ?? text.slice(start, end)));
}

/** The words of `text` with their offsets and index terms. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scanWordSpans(text, (start, end, normal) => {
    const word = normal ?? text.slice(start, end);
    tokens.push({ start, end, word, term: termOf(word) });
  });
  return tokens;
}

// Single letters ("e.g.", initials) and common abbreviations do not end a sentence.
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'vs', 'etc', 'jr', 'sr', 'no', 'vol', 'fig', 'cf']);

/**
 * Splits tokens into sentences. A sentence ends at . ! ? or a paragraph break, and also before
 * a Markdown list item or heading line, since those are separate statements even without
 * punctuation.
 */
export function splitSentences(text: string, tokens: readonly Token[]): Sentence[] {
  const sentences: Sentence[] = [];
  let from = 0;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    const next = tokens[k + 1];
    const gapEnd = next ? next.start : text.length;
    // Fast path: most words are followed by one space or a comma and a space.
    if (next !== undefined && gapEnd - token.end <= 2 && /^,? $/.test(text.slice(token.end, gapEnd))) continue;
    const gap = text.slice(token.end, gapEnd);
    let boundary = next === undefined;
    let end = token.end;
    if (!boundary) {
      const punct = /^[^\S\n]*[)\]"'”’*_]*[.!?]+[)\]"'”’*_]*/.exec(gap);
      if (punct && /\s/.test(gap.slice(punct[0].length, punct[0].length + 1) || ' ')) {
        const abbreviation = punct[0].trim().startsWith('.') && punct[0].trim().length === 1 && (token.word.length === 1 || ABBREVIATIONS.has(token.word));
        if (!abbreviation) {
          boundary = true;
          end = token.end + punct[0].length;
        }
      }
      if (!boundary && (/\n[^\S\n]*\n/.test(gap) || /\n[^\S\n]*(?:[-*+>#]|\d+[.)])\s/.test(gap) || /[:;]\s*\n/.test(gap))) {
        boundary = true;
      }
    } else {
      const punct = /^[)\]"'”’*_]*[.!?]+[)\]"'”’]*/.exec(gap);
      if (punct) end = token.end + punct[0].length;
    }
    if (boundary) {
      sentences.push({ start: tokens[from]!.start, end, tokFrom: from, tokTo: k + 1 });
      from = k + 1;
    }
  }
  return sentences;
}
