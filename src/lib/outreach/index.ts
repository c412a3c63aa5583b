/**
 * Reaching out: Webmentions sent for what the built site links to and recommends, and the
 * reply context of response posts. Pure TypeScript: nothing here imports Astro.
 */
export { sendWebmentions, formatSendReport, NothingBuiltError } from './send.ts';
export { contextStore, type ReplyContext } from './context.ts';

/** Names the engine and the site, with "Webmention" in it as the spec recommends. */
export function webmentionUserAgent(siteUrl: string): string {
  return `Frontrow-Webmention/1 (+${siteUrl})`;
}
