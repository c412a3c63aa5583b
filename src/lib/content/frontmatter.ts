import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';

/**
 * The one frontmatter reader: the YAML block at the top of a post or page, as the writer typed
 * it, read by the `yaml` package with its core schema (YAML 1.2: dates stay the text written,
 * `yes` is a word, not `true`; Astro's reader would turn 2026-14-02 into 2027-02-02 before any
 * rule could see it). Used by the content checks, the originality engine and the responses.
 */

/**
 * `yaml` (about 70 modules) loads on the first parse, not with this module: a warm originality
 * check whose posts and draft are unchanged takes every frontmatter from its index and never needs it.
 */
let yaml: typeof Yaml | undefined;
const loadYaml = (): typeof Yaml => (yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

export class FrontmatterError extends Error {
  /** Line in the file (the opening `---` is line 1). */
  readonly line: number;
  constructor(message: string, line: number) {
    super(`${message} (frontmatter line ${line})`);
    this.name = 'FrontmatterError';
    this.line = line;
  }
}

export interface Frontmatter {
  data: Record<string, unknown>;
  /** Offset of the first character after the closing `---` line (0 when there is none). */
  bodyStart: number;
}

const OPEN = /^\uFEFF?---[^\S\n]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[^\S\n]*$/m;

/** Where the block is: the YAML text and the body's start; null when the file has none. */
function findBlock(source: string): { yaml: string; bodyStart: number } | null | 'unclosed' {
  const open = OPEN.exec(source);
  if (!open) return null;
  const rest = source.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) return 'unclosed';
  let bodyStart = open[0].length + close.index + close[0].length;
  if (source[bodyStart] === '\r') bodyStart++;
  if (source[bodyStart] === '\n') bodyStart++;
  return { yaml: rest.slice(0, close.index), bodyStart };
}

/** The frontmatter of `source`; throws FrontmatterError, with a line, on anything unreadable. */
export function parseFrontmatter(source: string): Frontmatter {
  const block = findBlock(source);
  if (block === null) return { data: {}, bodyStart: 0 };
  if (block === 'unclosed') throw new FrontmatterError('frontmatter is opened with --- but never closed', 1);
  const { parseDocument } = loadYaml();
  const doc = parseDocument(block.yaml, { schema: 'core' });
  // A tag this reader does not know (`!foo bar`) is only a warning to `yaml`, which keeps the
  // text; Astro's reader of MDX modules refuses it, so the build would fail where the check passed.
  const problem = doc.errors[0] ?? doc.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED');
  if (problem) {
    const line = (problem.linePos?.[0].line ?? 1) + 1;
    throw new FrontmatterError((problem.message.split('\n')[0] ?? 'unreadable YAML').replace(/ at line \d+, column \d+:?$/, ''), line);
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) return { data: {}, bodyStart: block.bodyStart };
  if (typeof data !== 'object' || Array.isArray(data)) throw new FrontmatterError(`expected "key: value" lines, found ${JSON.stringify(data).slice(0, 60)}`, 2);
  return { data: data as Record<string, unknown>, bodyStart: block.bodyStart };
}

export interface RawFrontmatter {
  data: Record<string, unknown>;
  body: string;
  /** Why the YAML could not be read, when it could not. */
  error?: string;
}

/** The same reading for the content checks: never throws; an unclosed block is body text. */
export function readRawFrontmatter(text: string): RawFrontmatter {
  const block = findBlock(text);
  if (block === null || block === 'unclosed') return { data: {}, body: text };
  const body = text.slice(block.bodyStart);
  try {
    return { data: parseFrontmatter(text).data, body };
  } catch (error) {
    return { data: {}, body, error: (error as Error).message };
  }
}
