import { createRequire } from 'node:module';
import type * as Toml from 'smol-toml';
import type * as Yaml from 'yaml';

/**
 * The one frontmatter reader: the YAML block at the top of a post or page, as the writer typed
 * it, read by the `yaml` package with its core schema (YAML 1.2: dates stay the text written,
 * `yes` is a word, not `true`; Astro's reader would turn 2026-14-02 into 2027-02-02 before any
 * rule could see it). Used by the content checks, the originality engine and the responses.
 * A TOML block between `+++` lines, as Hugo writes it, is read too (Astro reads it, so the check
 * must), its dates kept as ISO text, as YAML's are.
 */

/**
 * `yaml` (about 70 modules) loads on the first parse, not with this module: a warm originality
 * check whose posts and draft are unchanged takes every frontmatter from its index and never needs it.
 */
let yaml: typeof Yaml | undefined;
const loadYaml = (): typeof Yaml => (yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml);
let toml: typeof Toml | undefined;
const loadToml = (): typeof Toml => (toml ??= createRequire(import.meta.url)('smol-toml') as typeof Toml);

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

const OPEN = /^\uFEFF?(---|\+\+\+)[^\S\n]*\r?\n/;
const CLOSE = { '---': /^(?:---|\.\.\.)[^\S\n]*$/m, '+++': /^\+\+\+[^\S\n]*$/m };

interface Block {
  text: string;
  language: 'yaml' | 'toml';
  bodyStart: number;
}

/** Where the block is: its text, its language and the body's start; null when the file has none. */
function findBlock(source: string): Block | null | 'unclosed' {
  const open = OPEN.exec(source);
  if (!open) return null;
  const rest = source.slice(open[0].length);
  const close = CLOSE[open[1] as '---' | '+++'].exec(rest);
  if (!close) return 'unclosed';
  let bodyStart = open[0].length + close.index + close[0].length;
  if (source[bodyStart] === '\r') bodyStart++;
  if (source[bodyStart] === '\n') bodyStart++;
  return { text: rest.slice(0, close.index), language: open[1] === '+++' ? 'toml' : 'yaml', bodyStart };
}

/** The frontmatter block's language, when there is one: YAML between `---` lines, TOML between `+++`. */
export function frontmatterLanguage(source: string): 'YAML' | 'TOML' | undefined {
  const open = OPEN.exec(source)?.[1];
  return open === '+++' ? 'TOML' : open === '---' ? 'YAML' : undefined;
}

/** Where the body starts: after the frontmatter block, or 0 (none, or never closed). Reads none of it. */
export function frontmatterEnd(source: string): number {
  const block = findBlock(source);
  return block && block !== 'unclosed' ? block.bodyStart : 0;
}

/** The frontmatter of `source`; throws FrontmatterError, with a line, on anything unreadable. */
export function parseFrontmatter(source: string): Frontmatter {
  const block = findBlock(source);
  if (block === null) return { data: {}, bodyStart: 0 };
  if (block === 'unclosed') throw new FrontmatterError(`frontmatter is opened with ${OPEN.exec(source)![1]} but never closed`, 1);
  if (block.language === 'toml') return { data: readToml(block.text), bodyStart: block.bodyStart };
  const { parseDocument } = loadYaml();
  const doc = parseDocument(block.text, { schema: 'core' });
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

/** A TOML block's table; its dates as ISO text (`2024-05-01`), as the date rule reads YAML's. */
function readToml(text: string): Record<string, unknown> {
  const { parse, TomlDate, TomlError } = loadToml();
  let data: Record<string, unknown>;
  try {
    data = parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    throw new FrontmatterError(error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, ''), error.line + 1);
  }
  const asWritten = (value: unknown): unknown =>
    value instanceof TomlDate
      ? value.toISOString()
      : Array.isArray(value)
        ? value.map(asWritten)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asWritten(v)]))
          : value;
  return asWritten(data) as Record<string, unknown>;
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
