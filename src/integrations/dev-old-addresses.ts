import type { Plugin } from 'vite';
import { aliasSchema, normalizeAlias, oldAddressesByPattern } from '../lib/content/aliases.ts';
import { parseDay } from '../lib/dates.ts';
import { addressOf } from '../lib/content/entry-files.ts';
import type { ContentKind } from '../lib/content/validate.ts';
import { withBase } from '../lib/urls.ts';
import type { EntryObserver } from './content-overlay.ts';

/**
 * Dev preview only: an old address a post or page keeps (`aliases`, or the site's
 * `oldPostAddresses` patterns for a published post) sends the browser on to it,
 * as the built site's page there does (src/integrations/old-addresses.ts), so a writer who moves
 * a post can follow an old link in the preview. Each file's aliases come from the preview's own
 * reading of it (the content overlay's, at the start and at each save). The check makes sure no
 * alias is an address of the site, and a pattern's old address that is one is left out here, so
 * asking here first shadows no page.
 */
export function devOldAddresses(base: string, patterns: readonly string[]): { plugin: Plugin; observer: EntryObserver } {
  /** Each file's old addresses and where they lead (a site path without the base). */
  const byFile = new Map<string, { aliases: string[]; to: string }>();
  /** Each published post's address and day, for the site's patterns (`oldPostAddresses`). */
  const posts = new Map<string, { id: string; pubDate: Date }>();
  /** Each file's own address: a pattern's old address that is one sends nobody on (the check warns). */
  const addresses = new Map<string, string>();
  /** Every old address and where it leads, made again after a file's change: each request asks it. */
  let byAlias: Map<string, string> | undefined;
  const prefix = base.replace(/\/$/, '');
  /** Where an address the browser asked for leads now, or undefined. */
  const leadsTo = (pathname: string) => {
    if ((byFile.size === 0 && patterns.length === 0) || !pathname.startsWith(`${prefix}/`)) return undefined;
    let asked: string;
    try {
      asked = normalizeAlias(decodeURI(pathname.slice(prefix.length)));
    } catch {
      return undefined;
    }
    // The patterns' first: a post's own aliases win, as in the build (src/data/aliases.ts).
    if (!byAlias) {
      const taken = new Set(addresses.values());
      byAlias = new Map([
        ...[...oldAddressesByPattern(patterns, [...posts.values()])]
          .filter(([alias]) => !taken.has(alias))
          .map(([alias, id]) => [alias, addressOf(id, 'posts')] as const),
        ...[...byFile.values()].flatMap(({ aliases, to }) => aliases.map((alias) => [alias, to] as const)),
      ]);
    }
    return byAlias.get(asked);
  };
  const observer: EntryObserver = {
    seen(file: string, kind: ContentKind, data: Record<string, unknown>, id: string) {
      byAlias = undefined;
      if (kind !== 'blogroll') addresses.set(file, addressOf(id, kind));
      const pubDate = parseDay(data['pubDate']);
      if (kind === 'posts' && pubDate && data['draft'] !== true) posts.set(file, { id, pubDate });
      else posts.delete(file);
      const aliases = aliasSchema.safeParse(data['aliases']);
      if (kind === 'blogroll' || !aliases.success || aliases.data.length === 0) byFile.delete(file);
      else byFile.set(file, { aliases: aliases.data, to: addressOf(id, kind) });
    },
    gone(file: string) {
      byAlias = undefined;
      byFile.delete(file);
      posts.delete(file);
      addresses.delete(file);
    },
  };
  const plugin: Plugin = {
    name: 'frontrow:dev-old-addresses',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        // As the browser asked: Astro's own middleware may have taken the base off `url` already.
        const asked = (req as typeof req & { originalUrl?: string }).originalUrl ?? req.url ?? '/';
        const to = req.method === 'GET' || req.method === 'HEAD' ? leadsTo(new URL(asked, 'http://preview').pathname) : undefined;
        if (to) res.writeHead(302, { location: withBase(to, base) }).end();
        else next();
      });
    },
  };
  return { plugin, observer };
}
