import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { Document, isSeq, parse as parseYaml } from 'yaml';
import { ConfigError, toConfigError } from '../config/errors.ts';
import { normalizeTag, slugify } from '../content/slug.ts';
import { blogrollEntrySchema, findDuplicatePeers, type BlogrollEntryInput, type Peer } from './schema.ts';

/**
 * Blogroll entry files as the CLI sees them (Astro reads them itself through the content
 * collection): one Markdown file per peer, YAML frontmatter validated by `blogrollEntrySchema`.
 */

const FRONTMATTER = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** Entry files of a folder: Markdown, not starting with "_" (notes to self, the seed). */
export function isEntryFile(name: string): boolean {
  return /\.md$/i.test(name) && !name.startsWith('_');
}

/** Parse one entry file's text; throws a ConfigError naming the file and the field. */
export function parseEntryFile(text: string, file: string): Peer {
  const match = FRONTMATTER.exec(text);
  let raw: unknown = undefined;
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
    names = (await readdir(dir)).filter(isEntryFile).sort();
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

function shownPath(file: string): string {
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

/** The text of a new entry file. `since` is written as YYYY-MM-DD. */
export function entryFileText(entry: BlogrollEntryInput & { since: Date }, note: string): string {
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
  return `---\n${yaml}---\n\n${note.trim()}\n`;
}
