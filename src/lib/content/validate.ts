import path from 'node:path';
import { closestKey } from '../config/suggest.ts';
import { blogrollEntrySchema } from '../blogroll/schema.ts';
import { issuePath, keysAt, toConfigError } from '../config/errors.ts';
import { sourceKindOf } from '../markdown/prose.ts';
import { parseDay } from '../dates.ts';
import { SITE_ROUTES } from '../urls.ts';
import { addressOf } from './entry-files.ts';
import { frontmatterLanguage, readRawFrontmatter, type RawFrontmatter } from './frontmatter.ts';
import { slugify } from './slug.ts';
import { mdxProblems, readMdx, type MdxReading } from './mdx-check.ts';
import { fileLinkProblems } from './entry-links.ts';
import { wikiEmbedProblems } from './wiki-links.ts';
import { foreignFieldProblem, isForeignField } from './foreign-fields.ts';
import { coverProblem, pictureProblems } from './picture-file.ts';
import { PLACEHOLDER_TEXT } from './new-post.ts';
import { pageSchema, postFields } from './schema.ts';
import { templateTagOnLine } from './template-tags.ts';

/**
 * One post or page checked the way the site is built, worded for the writer: the field and the
 * fix. Shared by `npm run check`/`build` (one block before Astro starts), the content loader and
 * the dev preview's overlay, so every place names a mistake the same way.
 */
export interface ContentProblem {
  field: string;
  message: string;
}

/** A mistake in a post's text and the file line it is on. */
export interface LineProblem {
  line: number;
  message: string;
}

/** The folders of content/ that Astro's loaders read (src/content.config.ts), one kind each. */
export const CONTENT_KINDS = ['posts', 'pages', 'blogroll'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

/** What a caller may know of a file already (the frontmatter cache reads both readings once per text). */
export interface KnownOfFile {
  frontmatter?: RawFrontmatter;
  /** The entry's id (`entryId`), when the caller knows where the file sits in its folder: the address is then checked too, first. */
  id?: string;
  readMdx?: (text: string) => MdxReading;
  /** The content folder: links to a post's file are then checked to name one the site publishes. */
  contentDir?: string;
}

export function validateContentText(text: string, file: string, kind: ContentKind, known: KnownOfFile = {}): ContentProblem[] {
  const { frontmatter = readRawFrontmatter(text), id, readMdx: read = readMdx, contentDir } = known;
  const address = id === undefined ? undefined : addressProblem(id, kind);
  return [...(address ? [address] : []), ...fileProblems(text, file, kind, frontmatter, { read, contentDir })];
}

type TextReading = { read: (text: string) => MdxReading; contentDir?: string | undefined };

function fileProblems(text: string, file: string, kind: ContentKind, frontmatter: RawFrontmatter, reading: TextReading): ContentProblem[] {
  const { data, error } = frontmatter;
  if (error) {
    const toml = frontmatterLanguage(text) === 'TOML';
    const message = `frontmatter is not valid ${toml ? 'TOML' : 'YAML'}: ${error}. Check the quotes and ${toml ? 'equals signs' : 'colons'} near that line.`;
    return [{ field: 'frontmatter', message }];
  }
  if (kind === 'blogroll') {
    // Peers' entries: the blogroll CLI's own wording (strict keys, "did you mean …?").
    const result = blogrollEntrySchema.safeParse(data);
    return [...(result.success ? [] : toConfigError(file, result.error, blogrollEntrySchema).problems), ...textProblems(text, file, reading)];
  }
  const schema = kind === 'posts' ? postFields : pageSchema;
  const problems: ContentProblem[] = [];
  const result = schema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) problems.push({ field: issuePath(issue.path), message: issue.message });
  }
  // Jekyll takes a post's date from its file name (2015-11-17-welcome.md) and writes none.
  const named = /^(\d{4}-\d{2}-\d{2})-/.exec(path.basename(file))?.[1];
  const missingDate = problems.find((p) => p.field === 'pubDate' && data['pubDate'] === undefined && data['date'] === undefined);
  if (kind === 'posts' && named && parseDay(named) && missingDate) {
    missingDate.message = `pubDate is required: this file's name starts with ${named}, the date Jekyll took from it; add the line pubDate: ${named}`;
  }
  problems.push(...otherFields(data, kind).problems);
  const cover = kind === 'posts' ? coverProblem(data['image'], file) : undefined;
  if (cover) problems.push({ field: 'image', message: cover });
  // One message per field: a missing field makes Zod speak only once per path anyway.
  return [...problems.filter((p, i) => problems.findIndex((q) => q.field === p.field) === i), ...textProblems(text, file, reading)];
}

/**
 * The fields of a post or page beyond its schema: a problem each when it means something (another
 * engine's field, a misspelling of one of Frontrow's), or else ignored (nothing reads it, which
 * the check says once per field name). `slug` is Astro's.
 */
function otherFields(data: Readonly<Record<string, unknown>>, kind: 'posts' | 'pages'): { problems: ContentProblem[]; ignored: string[] } {
  const known = keysAt(kind === 'posts' ? postFields : pageSchema, []);
  const problems: ContentProblem[] = [];
  const ignored: string[] = [];
  for (const key of Object.keys(data)) {
    if (known.includes(key) || key === 'slug') continue;
    const foreign = foreignFieldProblem(key, data, known, kind === 'posts' ? 'post' : 'page');
    const guess = closestKey(key, known);
    if (foreign) problems.push({ field: key, message: foreign });
    else if (guess && !(guess in data)) problems.push({ field: key, message: `${key} is not a field ${kind} use: did you mean ${guess}?` });
    // Another engine's field whose meaning Frontrow's own field already says is no news either.
    else if (!isForeignField(key)) ignored.push(key);
  }
  return { problems, ignored };
}

/** Fields of a post or page that nothing reads and nothing names (`otherFields`). */
export const ignoredFields = (data: Readonly<Record<string, unknown>>, kind: 'posts' | 'pages') => otherFields(data, kind).ignored;

/** What the text holds that fails or spoils the build (`.mdx` that does not compile, pictures, links to no page), in the order of its lines. */
export function textProblems(text: string, file: string, { read = readMdx, contentDir }: Partial<TextReading> = {}): ContentProblem[] {
  const mdx = sourceKindOf(file) === 'mdx' ? mdxTextProblems(text, file, read) : [];
  const embeds = contentDir ? wikiEmbedProblems(text, file, contentDir) : [];
  return [...mdx, ...pictureProblems(text, file), ...embeds, ...fileLinkProblems(text, file, contentDir)]
    .sort((a, b) => a.line - b.line)
    .map(({ line, message }) => ({ field: `line ${line}`, message }));
}

/** The MDX check's problems; one MDX cannot read because of another engine's tag names the tag (template-tags.ts). */
function mdxTextProblems(text: string, file: string, read: (text: string) => MdxReading) {
  const reading = read(text);
  const unreadable = reading.unreadable?.line;
  const tag = unreadable === undefined ? undefined : templateTagOnLine(text.split('\n')[unreadable - 1] ?? '');
  return mdxProblems(reading, file).map((problem) => (tag && problem.line === unreadable ? { line: problem.line, message: tag } : problem));
}

/**
 * A post or page whose address (its entry id, `entryId`) cannot be published: there is none to
 * make (Astro stops on an empty id, in the preview too), or a page's is one the site takes (Astro
 * renders the site's page and drops the writer's with a warning).
 */
function addressProblem(id: string, kind: ContentKind): ContentProblem | undefined {
  if (!id) return { field: 'address', message: 'address: the file name has no letter or digit to make one from: rename the file, or give it a slug' };
  // Only a `slug:` can give these (Astro takes it as written; a file's name is slugged): `..` or
  // `//` failed the build, and `?`, `#` or `%` published the post where no link of the site reaches.
  if (kind !== 'blogroll' && (id.split('/').some((part) => ['', '.', '..'].includes(part)) || /[\s?#%\\]/.test(id))) {
    const suggested = id.split('/').map(slugify).filter(Boolean).join('/') || 'my-post';
    return {
      field: 'slug',
      message: `slug "${id}" is not an address a link can reach: use letters, digits and hyphens, with / between parts, such as slug: ${suggested}`,
    };
  }
  if (kind === 'pages' && SITE_ROUTES.includes(id.split('/')[0]!)) {
    return {
      field: 'address',
      message: `address ${addressOf(id, kind)} is the site's own page, so this one would not be published: rename the file, or give it a slug`,
    };
  }
  return undefined;
}

/** Files that share one address: Astro keeps the last one it reads (drafts included), the others vanish. */
export function sharedAddressLine(address: string, others: readonly string[]): string {
  return `has the same address, ${address}, as ${others.join(' and ')}: only one would be published; rename a file, or give one a slug`;
}

/** A published post that still says the template's "Start writing here." (a warning, not an error). */
export function holdsPlaceholder({ data, body }: RawFrontmatter): boolean {
  return data['draft'] !== true && body.includes(PLACEHOLDER_TEXT);
}

/** `field: message`, the field said once even when the message starts with it. */
export function problemLine({ field, message }: ContentProblem): string {
  return message.startsWith(`${field} `) || message.startsWith(`${field}:`) ? message : `${field}: ${message}`;
}
