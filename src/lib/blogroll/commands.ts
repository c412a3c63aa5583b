import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { blogrollConfigSchema, type BlogrollConfig } from './config.ts';
import { findFeedLinks, readPageMeta } from './discover.ts';
import { entryFileName, entryFileText, readBlogrollDir, shownPath } from './entries.ts';
import { checkPeers, formatHealthReport } from './health.ts';
import { boundedGet, HTML_ACCEPT, isNonPublicAddress, isUnvouchedLocalUrl, trustedPrivateHosts } from '../net/index.ts';
import { OpmlParseError, readOpmlSubscriptions } from './opml.ts';
import { blogrollEntrySchema, type BlogrollEntryInput } from './schema.ts';
import { safeHttpUrl, siteKey } from './text.ts';

/**
 * What `npm run blogroll -- <command>` does, apart from argument parsing. Writers' files are
 * only ever created (flag "wx"), never overwritten or deleted.
 */

export interface CommandContext {
  /** The blogroll folder, e.g. content/blogroll. */
  dir: string;
  config: BlogrollConfig;
  userAgent: string;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Sites that recommend this one (heard as Webmentions by the last build), for `check`. */
  recommenders?: readonly { url: string; name: string }[];
  now?: Date;
  fetch?: typeof fetch;
}

/** Thrown for input the writer must fix; the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const DEFAULT_CONFIG: BlogrollConfig = blogrollConfigSchema.parse(undefined);

// A YAML comment, not body text: the body is shown on the blogroll page as it is.
const NOTE_PROMPT = (name: string) =>
  `Below the closing ---, write a sentence or two on why you read ${name.replace(/[\r\n]+/g, ' ')}.\nIt shows on your blogroll page.`;

/** `add <site-url>`: discover the feed, write content/blogroll/<slug>.md. Returns an exit code. */
export async function addPeer(
  siteUrl: string,
  overrides: { name?: string; feed?: string; description?: string; tags?: string[]; rel?: string },
  ctx: CommandContext,
): Promise<number> {
  const url = safeHttpUrl(siteUrl);
  if (!url) throw new UsageError(`"${siteUrl}" is not a full http(s) URL, for example https://alice.example/`);
  // Bad flags are refused before anything goes over the network.
  if (overrides.feed !== undefined && !safeHttpUrl(overrides.feed)) {
    throw new UsageError(`feed must be a full http(s) URL, for example https://alice.example/feed.xml`);
  }
  const rel = blogrollEntrySchema.shape.rel.safeParse(overrides.rel);
  if (!rel.success) throw new UsageError(rel.error.issues.map((i) => i.message).join('; '));
  const { peers } = await readBlogrollDir(ctx.dir);
  const existing = peers.find((p) => siteKey(p.data.url) === siteKey(url));
  if (existing) {
    ctx.err(`${url} is already in the blogroll: ${existing.file}. Nothing was written.`);
    return 1;
  }

  const page = await boundedGet(url, {
    userAgent: ctx.userAgent,
    timeoutMs: ctx.config.timeoutMs,
    maxBytes: ctx.config.maxBytes,
    accept: HTML_ACCEPT,
    privateHosts: trustedPrivateHosts([url], ctx.config.privateHosts),
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
  });
  let html = '';
  let pageUrl = url;
  if (page.kind === 'failure') {
    ctx.err(`Could not read ${url}: ${page.message}.`);
  } else if (page.status >= 400) {
    ctx.err(`${url} answered HTTP ${page.status}.`);
  } else {
    html = page.body;
    pageUrl = page.url;
  }
  const meta = readPageMeta(html);
  const name = overrides.name ?? meta.title;
  if (!name) {
    ctx.err('Give the peer a name with --name "Their Name" (the page gave none). Nothing was written.');
    return 1;
  }
  let feed = overrides.feed ?? findFeedLinks(html, pageUrl)[0];
  // A feed link on the peer's page is the peer's word, and `feed:` in the entry counts as the
  // writer's: one that names a private address the writer did not type is not written there.
  if (!overrides.feed && feed && isUnvouchedLocalUrl(feed, trustedPrivateHosts([url], ctx.config.privateHosts), isNonPublicAddress)) {
    ctx.err(`${url} announces its feed at ${feed}, a private address; it was not written. If that is right, add it with --feed.`);
    feed = undefined;
  } else if (!feed) ctx.err(`No feed announced on ${url}; the entry has no \`feed:\` yet (the build will look again). Add one if you know it.`);

  const entry: BlogrollEntryInput & { since: Date } = {
    name,
    url,
    description: overrides.description ?? meta.description ?? `${name}'s site`,
    tags: overrides.tags ?? [],
    since: ctx.now ?? new Date(),
    ...(feed ? { feed } : {}),
    ...(overrides.rel ? { rel: overrides.rel } : {}),
  };
  const checked = blogrollEntrySchema.safeParse(entry);
  if (!checked.success) throw new UsageError(checked.error.issues.map((i) => i.message).join('; '));

  const file = await writeNewEntry(ctx.dir, entryFileText(entry, '', NOTE_PROMPT(name)), name, url);
  ctx.out(`Added ${name} (${feed ?? 'feed unknown'}) in ${file}. Open it and write why you read them.`);
  return 0;
}

/** `import <file.opml>`: one entry per subscription not in the blogroll yet. */
export async function importOpml(opmlFile: string, ctx: CommandContext): Promise<number> {
  let xml: string;
  try {
    xml = await readFile(opmlFile, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${opmlFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  let subscriptions;
  try {
    subscriptions = readOpmlSubscriptions(xml);
  } catch (error) {
    if (error instanceof OpmlParseError) throw new UsageError(`${opmlFile} is ${error.message}`);
    throw error;
  }
  const { peers } = await readBlogrollDir(ctx.dir);
  const known = new Map(peers.map((p) => [siteKey(p.data.url), p.file ?? p.id]));
  const added: string[] = [];
  const skipped: string[] = [];
  for (const sub of subscriptions) {
    // A feed reader may know only the feed; its site is then the feed's origin.
    const url = sub.htmlUrl ?? `${new URL(sub.xmlUrl!).origin}/`;
    const key = siteKey(url);
    // An OPML file often comes from somebody else's reader: it may not add private addresses.
    const local = [url, sub.xmlUrl].find((u) => u && isUnvouchedLocalUrl(u, ctx.config.privateHosts, isNonPublicAddress));
    if (local) {
      skipped.push(`${sub.title} (${local} is a private address; add it by hand with \`add\` if it is yours)`);
      continue;
    }
    const already = known.get(key);
    if (already) {
      skipped.push(`${sub.title} (already in ${already})`);
      continue;
    }
    const entry: BlogrollEntryInput & { since: Date } = {
      name: sub.title,
      url,
      description: sub.description ?? `${sub.title}, from my feed reader`,
      tags: sub.folders,
      since: ctx.now ?? new Date(),
      ...(sub.xmlUrl ? { feed: sub.xmlUrl } : {}),
    };
    const checked = blogrollEntrySchema.safeParse(entry);
    if (!checked.success) {
      skipped.push(`${sub.title} (${checked.error.issues[0]?.message ?? 'invalid'})`);
      continue;
    }
    const file = await writeNewEntry(ctx.dir, entryFileText(entry, '', NOTE_PROMPT(sub.title)), sub.title, url);
    known.set(key, file);
    added.push(`${sub.title} → ${file}`);
  }
  ctx.out(`Added ${added.length}, skipped ${skipped.length}.`);
  for (const line of added) ctx.out(`  + ${line}`);
  for (const line of skipped) ctx.out(`  = ${line}`);
  return 0;
}

/** `check`: feed health and reciprocity for every peer. */
export async function checkBlogroll(siteUrl: string, ctx: CommandContext): Promise<number> {
  const { peers, problems } = await readBlogrollDir(ctx.dir);
  for (const problem of problems) ctx.err(problem);
  if (peers.length === 0) {
    ctx.out(`No peers in ${ctx.dir} yet. Add one with: npm run blogroll -- add https://their.site/`);
    recommendBack(peers, ctx);
    return problems.length > 0 ? 1 : 0;
  }
  ctx.out(`Checking ${peers.length} peer${peers.length === 1 ? '' : 's'} (feeds and blogrolls)…`);
  const results = await checkPeers(peers, {
    siteUrl,
    userAgent: ctx.userAgent,
    timeoutMs: ctx.config.timeoutMs,
    maxBytes: ctx.config.maxBytes,
    concurrency: ctx.config.concurrency,
    silentDays: ctx.config.silentDays,
    privateHosts: ctx.config.privateHosts,
    ...(ctx.now ? { now: ctx.now } : {}),
    ...(ctx.fetch ? { fetch: ctx.fetch } : {}),
  });
  ctx.out(formatHealthReport(results, ctx.config.silentDays));
  recommendBack(peers, ctx);
  return problems.length > 0 ? 1 : 0;
}

/** Sites that recommend you but are not in your blogroll: "recommend back?". */
function recommendBack(peers: readonly { data: { url: string } }[], ctx: CommandContext): void {
  const listed = new Set(peers.map((p) => siteKey(p.data.url)));
  const missing = (ctx.recommenders ?? []).filter((r) => !listed.has(siteKey(r.url)));
  if (missing.length === 0) return;
  ctx.out(
    `\n${missing.length} site${missing.length === 1 ? ' recommends' : 's recommend'} you and ${missing.length === 1 ? 'is' : 'are'} not in your blogroll. Recommend back?`,
  );
  for (const site of missing) ctx.out(`  recommend back? ${site.name}  ${site.url}  (npm run blogroll -- add ${site.url})`);
}

/** Create the entry file under a free name; an existing file is never touched. */
async function writeNewEntry(dir: string, text: string, name: string, url: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const taken = new Set((await readdir(dir)).map((n) => n.toLowerCase()));
  for (let attempt = 0; attempt < 50; attempt++) {
    const fileName = entryFileName(name, url, taken);
    const file = path.join(dir, fileName);
    try {
      await writeFile(file, text, { flag: 'wx' });
      return shownPath(file);
    } catch (error) {
      // Somebody created it between readdir and now: pick the next name, never overwrite.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      taken.add(fileName.toLowerCase());
    }
  }
  throw new Error(`could not find a free file name for ${name} in ${dir}`);
}
