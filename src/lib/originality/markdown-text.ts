/**
 * Markdown / MDX → prose, keeping character offsets. Instead of building a new string, the
 * source is *masked*: everything that is not prose (frontmatter, code, MDX import/export lines,
 * JSX/HTML tags, expressions, URLs, link targets) is overwritten with spaces, newlines kept.
 * The masked text has the same length as the file, so every token offset is a file offset and
 * reused passages can be reported as ranges of the source without any mapping table.
 */

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

/** Overwrites ranges with spaces (newlines survive so paragraph breaks stay visible). */
class Mask {
  private readonly chars: string[];
  constructor(source: string) {
    this.chars = Array.from({ length: source.length }, (_, i) => source[i]!);
  }
  blank(start: number, end: number): void {
    for (let i = start; i < end; i++) if (this.chars[i] !== '\n') this.chars[i] = ' ';
  }
  toString(): string {
    return this.chars.join('');
  }
}

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>()\]]+/g;

export function proseOf(source: string, kind: SourceKind, bodyStart: number): ProseText {
  const mask = new Mask(source);
  mask.blank(0, bodyStart);
  const headings: Heading[] = [];
  if (kind !== 'txt') maskBlocks(source, kind, bodyStart, mask, headings);
  let text = mask.toString();
  const inline = (re: RegExp, handle: (m: RegExpExecArray) => void) => {
    for (const m of text.matchAll(re)) handle(m as RegExpExecArray);
    text = mask.toString();
  };
  if (kind !== 'txt') {
    inline(/<!--[\s\S]*?-->/g, (m) => mask.blank(m.index, m.index + m[0].length));
    inline(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, (m) => mask.blank(m.index, m.index + m[0].length));
    inline(/!\[[^\]\n]*\]\([^)\n]*\)/g, (m) => mask.blank(m.index, m.index + m[0].length));
    // [text](target) keeps "text"; [text][ref] keeps "text".
    inline(/\[([^\]\n]*)\](\([^)\n]*\)|\[[^\]\n]*\])/g, (m) => {
      mask.blank(m.index, m.index + 1);
      const close = m.index + 1 + m[1]!.length;
      mask.blank(close, close + 1 + m[2]!.length);
    });
    inline(/<(?:https?:|mailto:)[^>\s]*>/g, (m) => mask.blank(m.index, m.index + m[0].length));
    // JSX / HTML tags (the text between an opening and closing tag is prose and stays).
    inline(/<\/?[A-Za-z][\w.:-]*(?:\s[^<>]*?)?\/?>|<\/?>/g, (m) => mask.blank(m.index, m.index + m[0].length));
    if (kind === 'mdx') {
      // MDX expressions, innermost first so one level of nesting goes too.
      for (let pass = 0; pass < 3; pass++) inline(/\{[^{}]*\}/g, (m) => mask.blank(m.index, m.index + m[0].length));
    }
  }
  inline(URL_PATTERN, (m) => mask.blank(m.index, m.index + m[0].length));
  return { masked: text, headings };
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
      const done: boolean = /\bfrom\s+['"][^'"]+['"]\s*;?\s*$/.test(line.text) || /;\s*$/.test(line.text) ||
        (!inImport && !/[{(\[]\s*$/.test(line.text) && !/=\s*$/.test(line.text)) || /^[}\])]/.test(line.text.trim());
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
    } else if (!blank && previousBlank && lines[i + 1] && /^ {0,3}(=+|-+)\s*$/.test(lines[i + 1]!.text) &&
      !/^\s*([-*+]|\d+[.)])\s/.test(line.text)) {
      const lead = line.text.length - line.text.trimStart().length;
      headings.push({ level: lines[i + 1]!.text.includes('=') ? 1 : 2, text: line.text.trim(), start: line.start + lead, end: line.start + lead + line.text.trim().length });
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
