import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { mf2 } from 'microformats-parser';
import { htmlToText, safeHttpUrl } from '../blogroll/index.ts';

/**
 * What the built site says it links to: one "source" per published post page (its h-entry's
 * e-content links and its in-reply-to / like-of / bookmark-of targets) and one for the
 * recommendations file (the peers). Read from dist/, exactly what readers and receivers see.
 */

export interface SourceDoc {
  /** The page that links, as deployed: the Webmention `source`. */
  source: string;
  kind: 'post' | 'recommendations';
  /**
   * Fingerprint of what the source says (text and targets, not markup), so a rebuild with new
   * asset names is no "update", while an edit is. Recommendations have none: each peer is
   * notified once, whatever happens to the others.
   */
  hash: string;
  targets: string[];
  /** Per target, when it appeared (ISO date): a post's published/updated date, a peer's `created_at`. */
  dates: Record<string, string>;
}

export const RECOMMENDATIONS_PATH = '/.well-known/recommendations.json';
const RESPONSE_PROPERTIES = ['in-reply-to', 'like-of', 'bookmark-of', 'repost-of'] as const;

/** Every post page under `<dist>/posts/`, as sources. `siteRoot` is the site URL with its base, ending in "/". */
export async function readPostSources(dist: string, siteRoot: string): Promise<SourceDoc[]> {
  const postsDir = path.join(dist, 'posts');
  let entries: string[];
  try {
    entries = (await readdir(postsDir, { recursive: true })).filter((f) => f.split(path.sep).pop() === 'index.html');
  } catch {
    return [];
  }
  const docs: SourceDoc[] = [];
  for (const file of entries.sort()) {
    const dir = path.dirname(file).split(path.sep).join('/');
    const source = new URL(`posts/${dir === '.' ? '' : `${dir}/`}`, siteRoot).href;
    const doc = postSource(await readFile(path.join(postsDir, file), 'utf8'), source, siteRoot);
    if (doc) docs.push(doc);
  }
  return docs;
}

/** The source a post page makes, or undefined when it carries no h-entry. */
export function postSource(html: string, source: string, siteRoot: string): SourceDoc | undefined {
  // The engine's own page: parse only its h-entry <article>, not the head and scripts around it
  // (half the time per page). Any other shape is parsed whole.
  const start = html.search(/<article\b[^>]*\bh-entry\b/);
  const end = html.lastIndexOf('</article>');
  const part = start >= 0 && end > start ? html.slice(start, end + '</article>'.length) : html;
  const entry = mf2(part, { baseUrl: source }).items.find((item) => item.type?.includes('h-entry'));
  if (!entry) return undefined;
  const props = entry.properties;
  const targets = new Set<string>();
  const add = (raw: unknown) => {
    const url = safeHttpUrl(raw, source);
    if (!url) return;
    const target = url.replace(/#.*$/, '');
    // Links to this site are not mentions of someone else.
    if (target === source || target.startsWith(siteRoot) || `${target}/` === siteRoot) return;
    targets.add(target);
  };
  for (const property of RESPONSE_PROPERTIES) {
    for (const value of props[property] ?? []) {
      if (typeof value === 'string') add(value);
      else if (value && typeof value === 'object' && 'properties' in value) add(value.properties['url']?.[0] ?? value.value);
    }
  }
  let text = '';
  for (const content of props['content'] ?? []) {
    if (typeof content === 'object' && content && 'html' in content) {
      for (const href of linksIn(content.html)) add(href);
      text += htmlToText(content.html);
    }
  }
  const name = String(props['name']?.[0] ?? '');
  const dateOf = (key: string) => {
    const value = props[key]?.[0];
    return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? new Date(value).toISOString() : undefined;
  };
  const date = [dateOf('updated'), dateOf('published')].filter(Boolean).sort().pop() ?? new Date(0).toISOString();
  const sorted = [...targets].sort();
  const hash = createHash('sha256')
    .update(JSON.stringify([name, text, sorted]))
    .digest('hex')
    .slice(0, 16);
  return { source, kind: 'post', hash, targets: sorted, dates: Object.fromEntries(sorted.map((t) => [t, date])) };
}

/** `href` of every `<a>` in an HTML fragment, in order. */
function linksIn(html: string): string[] {
  const hrefs: string[] = [];
  const parser = new Parser(
    { onopentag: (name, attributes) => void (name === 'a' && attributes['href'] && hrefs.push(attributes['href'])) },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return hrefs;
}

/** The recommendations file as a source: its peers are the targets. Undefined when absent. */
export async function readRecommendationsSource(dist: string, siteRoot: string): Promise<SourceDoc | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dist, RECOMMENDATIONS_PATH), 'utf8');
  } catch {
    return undefined;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const dates: Record<string, string> = {};
  for (const item of Array.isArray(data) ? data : []) {
    // The target is written exactly as the file has it: Ghost checks the file contains it.
    const url = typeof item?.url === 'string' && safeHttpUrl(item.url) ? (item.url as string) : undefined;
    if (url) dates[url] = typeof item.created_at === 'string' ? item.created_at : new Date(0).toISOString();
  }
  const targets = Object.keys(dates).sort();
  return { source: new URL(RECOMMENDATIONS_PATH.slice(1), siteRoot).href, kind: 'recommendations', hash: 'recommendation', targets, dates };
}
