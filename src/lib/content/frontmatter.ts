import { CORE_SCHEMA, load } from 'js-yaml';

/**
 * A post's or page's frontmatter as the writer typed it: the YAML parser Astro uses (js-yaml),
 * with its core schema, which keeps dates as the text written (Astro's default schema turns
 * 2026-14-02 into 2027-02-02 before any rule could see it). js-yaml is also ~20× faster than
 * `yaml` here, which counts when every post of a large archive is checked before a build.
 */
const FRONTMATTER = /^\uFEFF?---[^\S\r\n]*\r?\n([\s\S]*?)\r?\n?---[^\S\r\n]*(?:\r?\n|$)/;

export interface RawFrontmatter {
  data: Record<string, unknown>;
  body: string;
  /** Why the YAML could not be read, when it could not. */
  error?: string;
}

export function readRawFrontmatter(text: string): RawFrontmatter {
  const match = FRONTMATTER.exec(text);
  if (!match) return { data: {}, body: text };
  const body = text.slice(match[0].length);
  try {
    const data = load(match[1] ?? '', { schema: CORE_SCHEMA }) as unknown;
    return { data: data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {}, body };
  } catch (error) {
    return { data: {}, body, error: (error as Error).message.split('\n')[0] ?? 'unreadable YAML' };
  }
}
