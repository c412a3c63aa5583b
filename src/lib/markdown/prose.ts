/**
 * Markdown / MDX → prose, keeping character offsets: the one place that decides what of a post
 * is prose, for reading time (src/lib/content/reading-time.ts) and the originality check. Instead of building a new string, the
 * source is *masked*: everything that is not prose (frontmatter, code, MDX import/export lines,
 * JSX/HTML tags, expressions, URLs, link targets) is overwritten with spaces, newlines kept.
 * The masked text has the same length as the file, so every token offset is a file offset and
 * reused passages can be reported as ranges of the source without any mapping table.
 */

import { frontmatterEnd } from '../content/frontmatter.ts';
import { BLOCK_ID, BLOCK_ID_ALONE } from './block-ids.ts';
import { CALLOUT_MARK } from './callouts.ts';
import { COMMENT_MARK, COMMENTS } from './comments.ts';

/** A block id at a line's end, or a line of its own. */
const BLOCK_IDS = new RegExp(`${BLOCK_ID.source}|${BLOCK_ID_ALONE.source}`, 'gm');
/** A callout's kind at the start of a quote's first line (`> [!note]`), the title after it kept. */
const CALLOUT_MARKS = new RegExp(`(?<=^[ \\t]*(?:>[ \\t]*)+)${CALLOUT_MARK.source.slice(1)}`, 'gm');

export interface Heading {
  level: number;
  text: string;
  start: number;
  end: number;
}

export interface ProseText {
  /** The source with non-prose blanked out; same length as the source. */
  masked: string;
  headings: Heading[];
}

export type SourceKind = 'md' | 'mdx' | 'txt';

export function sourceKindOf(file: string): SourceKind {
  const lower = file.toLowerCase();
  if (lower.endsWith('.mdx')) return 'mdx';
  if (lower.endsWith('.txt')) return 'txt';
  return 'md';
}

/**
 * Marks ranges to blank (newlines survive so paragraph breaks stay visible) and builds the
 * masked string once at the end: posts are indexed by the thousand, so no per-pass copies.
 */
class Mask {
  private readonly source: string;
  private readonly blanked: Uint8Array;
  constructor(source: string) {
    this.source = source;
    this.blanked = new Uint8Array(source.length);
  }
  blank(start: number, end: number): void {
    this.blanked.fill(1, start, end);
  }
  toString(): string {
    const parts: string[] = [];
    const { source, blanked } = this;
    let i = 0;
    while (i < source.length) {
      let j = i;
      const state = blanked[i];
      while (j < source.length && blanked[j] === state) j++;
      const piece = source.slice(i, j);
      parts.push(state ? piece.replace(/[^\n]/g, ' ') : piece);
      i = j;
    }
    return parts.join('');
  }
}

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>()\]]+/g;

export function proseOf(source: string, kind: SourceKind, bodyStart: number): ProseText {
  const mask = new Mask(source);
  mask.blank(0, bodyStart);
  const headings: Heading[] = [];
  if (kind !== 'txt') maskBlocks(source, kind, bodyStart, mask, headings);
  // Inline patterns run on the text with blocks already blanked (so nothing matches inside
  // code or frontmatter); each pass is skipped when its trigger character is absent.
  const text = mask.toString();
  const inline = (trigger: string, re: RegExp, handle: (m: RegExpExecArray) => void) => {
    if (!text.includes(trigger)) return;
    for (const m of text.matchAll(re)) handle(m as RegExpExecArray);
  };
  const blankMatch = (m: RegExpExecArray) => mask.blank(m.index, m.index + m[0].length);
  if (kind !== 'txt') {
    inline('<!--', /<!--[\s\S]*?-->/g, blankMatch);
    inline('`', /(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, blankMatch);
    inline('![', /!\[[^\]\n]*\]\([^)\n]*\)/g, blankMatch);
    // [text](target) keeps "text"; [text][ref] keeps "text".
    inline('](', /\[([^\]\n]*)\](\([^)\n]*\)|\[[^\]\n]*\])/g, (m) => {
      mask.blank(m.index, m.index + 1);
      const close = m.index + 1 + m[1]!.length;
      mask.blank(close, close + 1 + m[2]!.length);
    });
    inline('][', /\[([^\]\n]*)\](\[[^\]\n]*\])/g, (m) => {
      mask.blank(m.index, m.index + 1);
      const close = m.index + 1 + m[1]!.length;
      mask.blank(close, close + 1 + m[2]!.length);
    });
    inline('<', /<(?:https?:|mailto:)[^>\s]*>/g, blankMatch);
    // JSX / HTML tags (the text between an opening and closing tag is prose and stays).
    inline('<', /<\/?[A-Za-z][\w.:-]*(?:\s[^<>]*?)?\/?>|<\/?>/g, blankMatch);
    // Obsidian's block ids (`A thought. ^idea-1`) are a marker the site drops (block-ids.ts),
    // and a callout's `[!note]` one it shows as a title (callouts.ts).
    inline('^', BLOCK_IDS, blankMatch);
    inline('[!', CALLOUT_MARKS, blankMatch);
    // MDX expressions, up to two levels of nesting.
    if (kind === 'mdx') inline('{', /\{(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*\}/g, blankMatch);
  }
  inline('http', URL_PATTERN, blankMatch);
  inline('www.', URL_PATTERN, blankMatch);
  // Obsidian's comments (`%%a note to self%%`) are never shown (comments.ts): read once code,
  // inline code included, is blanked, since a `%%` there is the writer's code.
  if (kind !== 'txt' && text.includes(COMMENT_MARK)) for (const m of mask.toString().matchAll(COMMENTS)) blankMatch(m as RegExpExecArray);
  return { masked: mask.toString(), headings };
}

function maskBlocks(source: string, kind: SourceKind, bodyStart: number, mask: Mask, headings: Heading[]): void {
  const lines: { start: number; end: number; text: string }[] = [];
  let offset = bodyStart;
  for (const text of source.slice(bodyStart).split('\n')) {
    lines.push({ start: offset, end: offset + text.length, text: text.replace(/\r$/, '') });
    offset += text.length + 1;
  }
  let fence: string | null = null;
  let inImport = false;
  let previousBlank = true;
  let inList = false;
  let inIndentedCode = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const blank = line.text.trim() === '';
    if (fence !== null) {
      mask.blank(line.start, line.end);
      if (new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`).test(line.text)) fence = null;
      continue;
    }
    const fenceOpen = /^ {0,3}(`{3,}|~{3,})/.exec(line.text);
    if (fenceOpen) {
      fence = fenceOpen[1]!;
      mask.blank(line.start, line.end);
      previousBlank = false;
      continue;
    }
    if (kind === 'mdx' && (inImport || /^(import|export)\s/.test(line.text))) {
      mask.blank(line.start, line.end);
      // A multi-line import/export ends at a line with `from '…'`, a `;`, or balanced braces.
      const done: boolean =
        /\bfrom\s+['"][^'"]+['"]\s*;?\s*$/.test(line.text) ||
        /;\s*$/.test(line.text) ||
        (!inImport && !/[{([]\s*$/.test(line.text) && !/=\s*$/.test(line.text)) ||
        /^[}\])]/.test(line.text.trim());
      inImport = !done;
      continue;
    }
    if (inIndentedCode) {
      if (blank || /^( {4}|\t)/.test(line.text)) {
        mask.blank(line.start, line.end);
        continue;
      }
      inIndentedCode = false;
    }
    if (!blank && previousBlank && !inList && /^( {4}|\t)/.test(line.text)) {
      inIndentedCode = true;
      mask.blank(line.start, line.end);
      continue;
    }
    const atx = /^( {0,3})(#{1,6})[^\S\n]+(.*?)(?:[^\S\n]+#+)?[^\S\n]*$/.exec(line.text);
    if (atx) {
      const text = atx[3]!.trim();
      const textStart = line.start + line.text.indexOf(text, atx[1]!.length + atx[2]!.length);
      if (text) headings.push({ level: atx[2]!.length, text, start: textStart, end: textStart + text.length });
    } else if (!blank && previousBlank && lines[i + 1] && /^ {0,3}(=+|-+)\s*$/.test(lines[i + 1]!.text) && !/^\s*([-*+]|\d+[.)])\s/.test(line.text)) {
      const lead = line.text.length - line.text.trimStart().length;
      headings.push({
        level: lines[i + 1]!.text.includes('=') ? 1 : 2,
        text: line.text.trim(),
        start: line.start + lead,
        end: line.start + lead + line.text.trim().length,
      });
    }
    if (/^ {0,3}\[[^\]]+\]:\s*\S+/.test(line.text)) mask.blank(line.start, line.end); // reference definition
    if (/^ {0,3}(\*\s*\*\s*\*[*\s]*|-\s*-\s*-[-\s]*|_\s*_\s*_[_\s]*)$/.test(line.text)) mask.blank(line.start, line.end);
    if (!blank) {
      if (/^\s{0,3}([-*+]|\d+[.)])\s/.test(line.text)) inList = true;
      else if (!/^\s/.test(line.text) && previousBlank) inList = false;
    }
    previousBlank = blank;
  }
}

/**
 * Words in a text: runs of letters and digits with inner apostrophes ("don't", "writer’s"), as
 * the originality tokenizer reads them (a test keeps the two equal), so a post's reading time
 * and its word count in the originality report agree.
 */
export function countWords(text: string): number {
  return text.match(/[\p{L}\p{N}\p{M}]+(?:['’][\p{L}\p{N}\p{M}]+)*/gu)?.length ?? 0;
}

/** Words of prose in a Markdown or MDX source (frontmatter, code, tags, URLs left out). */
export function proseWordCount(source: string, kind: SourceKind = 'mdx'): number {
  return countWords(proseOf(source, kind, frontmatterEnd(source)).masked);
}
