import { generateOpml, parseOpml, type Opml } from 'feedsmith';
import type { Peer } from './schema.ts';
import { cleanText, safeHttpUrl, siteKey, truncate } from './text.ts';

/**
 * OPML 2.0 (2005.opml.org/spec2): the blogroll as feed readers and blogroll crawlers read it,
 * and feed readers' exports read back for `blogroll import`.
 */

export interface OpmlSite {
  title: string;
  /** The site's home page, used as `ownerId`. */
  url: string;
  ownerName: string;
}

export interface OpmlOptions {
  /** Feed URLs found for peers whose entry has no `feed` (peer url → feed url). */
  discoveredFeeds?: ReadonlyMap<string, string>;
  /** `dateModified`; defaults to the newest `since` so that builds are reproducible. */
  modified?: Date;
}

/**
 * The blogroll as OPML 2.0. Each peer is an outline with `text` and `title` (readers differ on
 * which one they read), `type="rss"`, `xmlUrl`, `htmlUrl` and `description`. A peer whose feed
 * is unknown yet is written as `type="link"` with `url`, as the spec wants `xmlUrl` on every
 * `rss` outline.
 */
export function toOpml(peers: readonly Peer[], site: OpmlSite, options: OpmlOptions = {}): string {
  const modified = options.modified ?? new Date(Math.max(0, ...peers.map((p) => p.data.since.getTime())));
  const outlines = [...peers]
    .sort((a, b) => a.data.name.localeCompare(b.data.name))
    .map((peer): Opml.Outline<Date> => {
      const feed = peer.data.feed ?? options.discoveredFeeds?.get(peer.data.url);
      const base = {
        text: peer.data.name,
        title: peer.data.name,
        description: peer.data.description,
        htmlUrl: peer.data.url,
        ...(peer.data.tags.length > 0 ? { category: peer.data.tags.map((t) => `/${t}`).join(',') } : {}),
        created: peer.data.since,
      };
      return feed ? { ...base, type: 'rss', xmlUrl: feed } : { ...base, type: 'link', url: peer.data.url };
    });
  const head = {
    title: `${site.title}: blogroll`,
    dateModified: modified,
    ownerName: site.ownerName,
    ownerId: site.url,
    docs: 'https://opml.org/spec2.opml',
  };
  // OPML 2.0 wants at least one outline in the body (feedsmith enforces it): a new blog with no
  // peers yet publishes one plain text outline, which readers show as an empty folder.
  if (outlines.length === 0) outlines.push({ text: 'No peers yet' });
  return generateOpml({ head, body: { outlines } });
}

/** One feed subscription read from an OPML file, with only http(s) URLs and plain text. */
export interface OpmlSubscription {
  title: string;
  xmlUrl?: string;
  htmlUrl?: string;
  description?: string;
  /** Folder names the outline sat in, outermost first (readers export folders as outlines). */
  folders: string[];
}

export class OpmlParseError extends Error {
  override name = 'OpmlParseError';
}

/**
 * Every outline of an OPML file that points at a feed or a site, flattened out of folders.
 * Like most readers, any outline with an `xmlUrl` counts as a feed whatever its `type`.
 */
export function readOpmlSubscriptions(xml: string): OpmlSubscription[] {
  let doc: Opml.Document<string>;
  try {
    doc = parseOpml(xml.trimStart());
  } catch (error) {
    throw new OpmlParseError(`not a readable OPML file (${(error as Error).message})`);
  }
  const out: OpmlSubscription[] = [];
  const walk = (outlines: readonly Opml.Outline<string>[] | undefined, folders: string[], depth: number) => {
    if (!outlines || depth > 20) return;
    for (const outline of outlines) {
      const xmlUrl = safeHttpUrl(outline.xmlUrl);
      const htmlUrl = safeHttpUrl(outline.htmlUrl) ?? safeHttpUrl(outline.url);
      const title = truncate(cleanText(outline.title || outline.text || ''), 120);
      if (xmlUrl || (htmlUrl && !outline.outlines?.length)) {
        const sub: OpmlSubscription = { title: title || new URL((htmlUrl ?? xmlUrl)!).host, folders };
        if (xmlUrl) sub.xmlUrl = xmlUrl;
        if (htmlUrl) sub.htmlUrl = htmlUrl;
        const description = cleanText(outline.description ?? '');
        if (description) sub.description = truncate(description, 300);
        out.push(sub);
      }
      walk(outline.outlines, title ? [...folders, title] : folders, depth + 1);
    }
  };
  walk(doc.body?.outlines, [], 0);
  return out;
}

/**
 * Whether a list of subscriptions includes a site: its home page, or a feed that lives under
 * it (a blogroll may list only `xmlUrl`).
 */
export function listsSite(subscriptions: readonly { xmlUrl?: string; htmlUrl?: string }[], siteUrl: string): boolean {
  const site = siteKey(siteUrl);
  return subscriptions.some((sub) => {
    if (sub.htmlUrl && siteKey(sub.htmlUrl) === site) return true;
    if (!sub.xmlUrl) return false;
    const feed = siteKey(sub.xmlUrl);
    return feed === site || feed.startsWith(`${site}/`);
  });
}
