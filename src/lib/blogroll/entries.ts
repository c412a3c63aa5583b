import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, isSeq, parse as parseYaml } from 'yaml';
import { ConfigError, toConfigError } from '../config/errors.ts';
import { isEntryFile } from '../content/entry-files.ts';
import { normalizeTag, slugify } from '../content/slug.ts';
import { blogrollEntrySchema, findDuplicatePeers, type BlogrollEntryInput, type Peer } from './schema.ts';

/**
 * Blogroll entry files as the CLI sees them (Astro reads them itself through the content
 * collection): one Markdown file per peer, YAML frontmatter validated by `blogrollEntrySchema`.
 */

const FRONTMATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Parse one entry file's text; throws a ConfigError naming the file and the field. */
export function parseEntryFile(text: string, file: string): Peer {
  const match = FRONTMATTER.exec(text);
  let raw: unknown;
  if (match) {
    try {
      raw = parseYaml(match[1] ?? '');
    } catch (error) {
      const reason = (error as Error).message.split('\n')[0];
      throw new ConfigError(file, [{ field: '(frontmatter)', message: `is not valid YAML: ${reason}` }]);
    }
  }
  const result = blogrollEntrySchema.safeParse(raw ?? {});
  if (!result.success) throw toConfigError(file, result.error);
  const note = match ? text.slice(match[0].length).trim() : text.trim();
  return { id: path.basename(file).replace(/\.md$/i, ''), file, data: result.data, note };
}

/** Every valid entry of a folder, and one message per broken file or duplicate site. */
export async function readBlogrollDir(dir: string): Promise<{ peers: Peer[]; problems: string[] }> {
  let names: string[];
  try {
    // The files the site's loader reads: `.md`, not starting with "_" (notes to self, the seed).
    names = (await readdir(dir)).filter((name) => isEntryFile(name, 'blogroll')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { peers: [], problems: [] };
    throw error;
  }
  const peers: Peer[] = [];
  const problems: string[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      peers.push(parseEntryFile(await readFile(file, 'utf8'), shownPath(file)));
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  const duplicates = findDuplicatePeers(peers);
  if (duplicates) problems.push(duplicates.message);
  return { peers, problems };
}

/** A path as the writer would type it: relative inside the working directory, else absolute. */
export function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** A file name for a new peer: the name's slug, else the host's; "-2", "-3"… when taken. */
export function entryFileName(name: string, url: string, taken: ReadonlySet<string>): string {
  const host = new URL(url).hostname.replace(/^www\./, '');
  const base = slugify(name).slice(0, 60).replace(/-+$/, '') || slugify(host) || 'peer';
  let candidate = `${base}.md`;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base}-${n}.md`;
  return candidate;
}

/**
 * The text of a new entry file. `since` is written as YYYY-MM-DD. `comment` becomes YAML
 * comment lines at the top of the frontmatter: a prompt for the writer that no page shows.
 */
export function entryFileText(entry: BlogrollEntryInput & { since: Date }, note: string, comment?: string): string {
  const data: Record<string, unknown> = { name: entry.name, url: entry.url };
  if (entry.feed) data['feed'] = entry.feed;
  data['description'] = entry.description;
  data['tags'] = [...new Set((entry.tags ?? []).map(normalizeTag).filter(Boolean))];
  data['since'] = entry.since.toISOString().slice(0, 10);
  if (entry.rel) data['rel'] = entry.rel;
  if (entry.avatar) data['avatar'] = entry.avatar;
  // Tags in flow style ("tags: [a, b]"), like the post template writes them.
  const doc = new Document(data);
  const tags = doc.get('tags', true);
  if (isSeq(tags)) tags.flow = true;
  const yaml = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  const comments = comment
    ? `${comment
        .split('\n')
        .map((line) => `# ${line}`.trimEnd())
        .join('\n')}\n`
    : '';
  const body = note.trim();
  return `---\n${comments}${yaml}---\n${body ? `\n${body}\n` : '\n'}`;
}
