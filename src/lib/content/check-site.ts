import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { readBlogrollDir, shownPath as shown } from '../blogroll/index.ts';
import { loadSiteConfig } from '../config/load.ts';
import { resolvePublicDir } from '../config/paths.ts';
import { parseDay } from '../dates.ts';
import { aliasSchema, oldAddressOf, oldAddressesByPattern, PATTERN_OPEN_FOLDERS, siteFolderOf } from './aliases.ts';
import { blockedHtml } from './blocked-html.ts';
import { linksToUnpublished } from './entry-links.ts';
import { literalLinks } from './literal-links.ts';
import { openComment } from './open-comment.ts';
import { templateTags } from './template-tags.ts';
import { addressOf, isEntryFile, unreadMarkdownFile } from './entry-files.ts';
import { readRawFrontmatter, type RawFrontmatter } from './frontmatter.ts';
import { uniqueTagLabels } from './schema.ts';
import { entryId, foldAccents, normalizeTag } from './slug.ts';
import type { FrontmatterCache } from './frontmatter-cache.ts';
import { readMdx } from './mdx-check.ts';
import { missingRootPictures } from './picture-file.ts';
import { holdsPlaceholder, ignoredFields, problemLine, sharedAddressLine, textProblems, validateContentText, type ContentKind } from './validate.ts';

type TextReader = Pick<FrontmatterCache, 'read' | 'readMdx'>;

/**
 * Every writer mistake in a content folder, found before Astro starts: the settings, each post
 * and page, each blogroll entry. `npm run check` and `npm run build` print them as one block
 * (file, field, fix; no stack trace) instead of stopping at the first one.
 */
export interface SiteCheck {
  /** One entry per file: its path, then one line per problem. */
  errors: { file: string; lines: string[] }[];
  warnings: string[];
}

/** Entry files of a collection (`ENTRY_PATTERNS`); `unread` gets each Markdown file the loaders pass over. */
export async function contentFiles(dir: string, kind: ContentKind, unread?: (file: string, why: string) => void): Promise<string[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true, encoding: 'utf8' })).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  if (unread) {
    for (const name of names) {
      const why = unreadMarkdownFile(name, kind);
      if (why) unread(path.join(dir, name), why);
    }
  }
  return names.filter((name) => isEntryFile(name, kind)).map((name) => path.join(dir, name));
}

/**
 * `reader` reads a file's frontmatter and MDX: directly, or the same from a cache of earlier runs
 * (`openFrontmatterCache`, which `npm run build` and `dev` use).
 */
export async function checkSite(contentDir: string, reader: TextReader = { read: readRawFrontmatter, readMdx }): Promise<SiteCheck> {
  const check: SiteCheck = { errors: [], warnings: [] };
  let oldPostAddresses: readonly string[] = [];
  try {
    ({ oldPostAddresses } = await loadSiteConfig(contentDir));
  } catch (error) {
    const [head, ...rest] = (error as Error).message.split('\n');
    check.errors.push({ file: head!.replace(/ has (a problem|\d+ problems):$/, ''), lines: rest.map(fieldOnce) });
  }
  /** Every address a post or page is published at, and every old address one keeps (`aliases`), by file. */
  const addresses = new Map<string, string>();
  const aliases: { alias: string; file: string }[] = [];
  /** The published posts, for the old addresses the site's patterns give them (`oldPostAddresses`). */
  const published: { id: string; pubDate: Date; file: string }[] = [];
  /** Fields nothing reads, and the files that have each. */
  const ignored = new Map<string, string[]>();
  for (const kind of ['posts', 'pages'] as const) {
    const files = await contentFiles(path.join(contentDir, kind), kind, (file, why) => check.warnings.push(`${shown(file)} ${why}.`));
    // Read one after another, synchronously: an asynchronous read is four thread-pool jobs (open,
    // stat, read, close), and 5,000 posts took 0.6-1.5 s of CPU that way, 16 at a time, against
    // 0.1-0.2 s (docs/performance-log.md, "Startup"). Nothing else runs in this process meanwhile.
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    const ids: string[] = [];
    const tagged: { file: string; tags: unknown }[] = [];
    files.forEach((file, i) => {
      const frontmatter = reader.read(texts[i]!);
      const id = entryId(path.relative(path.join(contentDir, kind), file), frontmatter.data['slug']);
      ids.push(id);
      addresses.set(addressOf(id, kind), shown(file));
      const kept = aliasSchema.safeParse(frontmatter.data['aliases']);
      for (const alias of kept.success ? kept.data : []) aliases.push({ alias, file: shown(file) });
      const problems = validateContentText(texts[i]!, file, kind, { frontmatter, id, readMdx: reader.readMdx, contentDir });
      if (problems.length) {
        check.errors.push({ file: shown(file), lines: problems.map(problemLine) });
        return;
      }
      if (kind === 'posts') tagged.push({ file: shown(file), tags: frontmatter.data['tags'] });
      const pubDate = parseDay(frontmatter.data['pubDate']);
      if (kind === 'posts' && pubDate && frontmatter.data['draft'] !== true) published.push({ id, pubDate, file: shown(file) });
      for (const key of ignoredFields(frontmatter.data, kind)) ignored.set(key, [...(ignored.get(key) ?? []), shown(file)]);
      check.warnings.push(...fileWarnings(texts[i]!, file, kind, frontmatter, contentDir));
    });
    check.warnings.push(...tagWarnings(tagged));
    for (const [id, same] of Map.groupBy(files, (_, i) => ids[i]!)) {
      if (same.length < 2) continue;
      for (const file of same) addLines(check, shown(file), [sharedAddressLine(addressOf(id, kind), same.filter((f) => f !== file).map(shown))]);
    }
  }
  for (const [file, lines] of Map.groupBy(aliasProblems(aliases, addresses), (p) => p.file)) {
    addLines(
      check,
      file,
      lines.map((p) => p.line),
    );
  }
  check.warnings.push(...patternWarnings(oldPostAddresses, published, addresses));
  for (const [key, files] of ignored) {
    const where = files.length === 1 ? files[0] : `${files.length} files, such as ${files[0]}`;
    check.warnings.push(`the field ${key} (in ${where}) is not one Frontrow reads, so it is ignored: remove it, or see the fields in README.md`);
  }
  const blogroll = path.join(contentDir, 'blogroll');
  const { problems } = await readBlogrollDir(blogroll);
  for (const message of problems) {
    const [head, ...rest] = message.split('\n');
    check.errors.push({ file: head!.replace(/ has (a problem|\d+ problems):$/, ''), lines: rest.length ? rest.map(fieldOnce) : [head!] });
  }
  // The blogroll's reader checks the frontmatter; the note about a peer is Markdown the build renders.
  for (const file of await contentFiles(blogroll, 'blogroll', (file, why) => check.warnings.push(`${shown(file)} ${why}.`))) {
    addLines(check, shown(file), textProblems(readFileSync(file, 'utf8'), file, { read: reader.readMdx, contentDir }).map(problemLine));
  }
  return check;
}

/**
 * An old address no page can be sent from: the address of a post or page (readers would land on
 * that one, never sent on), one another file keeps too, or one of the site's own folders.
 */
function aliasProblems(aliases: readonly { alias: string; file: string }[], addresses: ReadonlyMap<string, string>): { file: string; line: string }[] {
  const found: { file: string; line: string }[] = [];
  for (const [alias, owners] of Map.groupBy(aliases, (a) => a.alias)) {
    for (const { file } of owners) {
      const taken = addresses.get(alias);
      const others = owners.filter((o) => o.file !== file).map((o) => o.file);
      const folder = siteFolderOf(alias);
      const line = taken
        ? `aliases: ${alias} is the address of ${taken === file ? 'this file itself' : taken}, so it cannot send readers here: remove it`
        : others.length
          ? `aliases: ${alias} is kept by ${others.join(' and ')} too: an old address can send readers to one place only`
          : folder
            ? `aliases: ${alias} is inside the site's own /${folder}/: remove it`
            : undefined;
      if (line) found.push({ file, line });
    }
  }
  return found;
}

/**
 * Old addresses the site's patterns give (`oldPostAddresses`) that cannot send readers on: the
 * address of another post or page (that one is shown there), or inside the site's own folders
 * (the build leaves them out). A post's own `aliases` win over a pattern without a word.
 */
function patternWarnings(
  patterns: readonly string[],
  published: readonly { id: string; pubDate: Date; file: string }[],
  addresses: ReadonlyMap<string, string>,
): string[] {
  if (patterns.length === 0) return [];
  const fileOf = new Map(published.map((post) => [post.id, post.file]));
  const warnings: string[] = [];
  for (const [alias, id] of oldAddressesByPattern(patterns, published)) {
    const taken = addresses.get(alias);
    if (taken)
      warnings.push(`oldPostAddresses: ${alias}, the old address of ${fileOf.get(id)}, is the address of ${taken}: no page sends readers on from there`);
  }
  for (const pattern of patterns) {
    for (const post of published) {
      const folder = siteFolderOf(oldAddressOf(pattern, post), PATTERN_OPEN_FOLDERS);
      if (!folder) continue;
      warnings.push(
        `oldPostAddresses: ${pattern} gives addresses inside the site's own /${folder}/, so no page sends readers on from them: change the pattern`,
      );
      break;
    }
  }
  return warnings;
}

/**
 * What one post or page builds with but readers would not see as the writer does (a warning
 * each, the file named): the template's placeholder in a published post, HTML the published
 * site drops, links Markdown shows as written, an Obsidian comment left open, another engine's template tags, pictures from the
 * site's root that public/ does not have. The check prints them, and the dev preview as each file is saved.
 */
export function fileWarnings(
  text: string,
  file: string,
  kind: ContentKind,
  frontmatter: RawFrontmatter,
  contentDir: string,
  publicDir = resolvePublicDir(),
): string[] {
  const warnings: string[] = [];
  if (kind === 'posts' && holdsPlaceholder(frontmatter)) {
    warnings.push(`${shown(file)} is published but still says "Start writing here." from the template: replace it with the post, or set draft: true.`);
  }
  // A draft may link to another draft: both go out together, or the writer hears of it then.
  const published = frontmatter.data['draft'] !== true;
  const unpublished = published ? linksToUnpublished(text, file, contentDir) : [];
  for (const { line, message } of [
    ...blockedHtml(text, file),
    ...literalLinks(text, file, contentDir),
    ...openComment(text, file),
    ...templateTags(text, file),
    ...missingRootPictures(text, file, publicDir),
    ...unpublished,
  ].sort((a, b) => a.line - b.line)) {
    warnings.push(`${shown(file)} line ${line}: ${message}.`);
  }
  return warnings;
}

/**
 * Tags the post schema drops or merges without a word (`uniqueTagLabels`): one with no letter or
 * digit has no address for its page, and labels whose addresses meet ("C" and "C++") share one
 * page, shown under one of them. Labels that differ only in case, accents, spaces, hyphens,
 * underscores or apostrophes ("Writing Life", "writing-life") are meant to meet.
 */
function tagWarnings(tagged: readonly { file: string; tags: unknown }[]): string[] {
  const warnings: string[] = [];
  const bySlug = new Map<string, Map<string, { label: string; file: string }>>();
  for (const { file, tags } of tagged) {
    for (const tag of Array.isArray(tags) ? tags : []) {
      if (typeof tag !== 'string' || !tag.trim()) continue;
      const [label] = uniqueTagLabels([tag]);
      if (label === undefined) {
        warnings.push(`${file} has the tag "${tag}", which is not shown: a tag needs a letter or digit for its page's address.`);
        continue;
      }
      const slug = normalizeTag(label);
      let labels = bySlug.get(slug);
      if (!labels) bySlug.set(slug, (labels = new Map()));
      const loose = foldAccents(label)
        .toLowerCase()
        .replace(/[\s_'’-]+/g, '');
      if (!labels.has(loose)) labels.set(loose, { label, file });
    }
  }
  for (const [slug, labels] of bySlug) {
    if (labels.size < 2) continue;
    const which = [...labels.values()].map(({ label, file }) => `"${label}" (${file})`).join(' and ');
    warnings.push(`the tags ${which} share one page, /tags/${slug}/, and are shown as one tag: rename one if they mean different things.`);
  }
  return warnings;
}

/** Lines about a file, under its entry when it has one already. */
function addLines(check: SiteCheck, file: string, lines: string[]): void {
  if (!lines.length) return;
  const known = check.errors.find((e) => e.file === file);
  if (known) known.lines.push(...lines);
  else check.errors.push({ file, lines });
}

/** "url: url must be…" → "url must be…": the field said once. */
// `oldPostAddresses[1]: oldPostAddresses must…` is said once too: the message names the entry.
const fieldOnce = (line: string) => line.replace(/^\s*- /, '').replace(/^([\w.[\]]+?)(?:\[\d+\])*: (?=\1\b)/, '');

/** The one terminal block: how many problems, then each file and its fixes. */
export function formatSiteCheck({ errors }: SiteCheck, consequence = 'to fix before the site can be built'): string {
  const count = errors.reduce((n, e) => n + e.lines.length, 0);
  return [
    `${count === 1 ? 'One problem' : `${count} problems`} ${consequence}:`,
    ...errors.flatMap(({ file, lines }) => ['', `  ${file}`, ...lines.map((l) => `    ${l}`)]),
    '',
  ].join('\n');
}
