/**
 * Reaching out: Webmentions sent for what the built site links to and recommends, and the
 * reply context of response posts. Pure TypeScript: nothing here imports Astro.
 */
export { outreachConfigSchema, type OutreachConfig } from './config.ts';
export { sendWebmentions, formatSendReport, NothingBuiltError, type SendOptions, type SendReport, type SendResult } from './send.ts';
export { discoverEndpoint, endpointIn, htmlEndpoint, linkHeaderEndpoint, type Discovery } from './discover.ts';
export { planRun, applyOutcome, readSentRecord, writeSentRecord, type SentRecord, type TargetRecord, type Job, type Plan } from './record.ts';
export { readPostSources, readRecommendationsSource, postSource, RECOMMENDATIONS_PATH, type SourceDoc } from './sources.ts';
export { contextStore, contextFromHtml, type ReplyContext, type ContextStore } from './context.ts';
export type { NetOptions } from './net.ts';

/** Names the engine and the site, with "Webmention" in it as the spec recommends. */
export function webmentionUserAgent(siteUrl: string): string {
  return `Frontrow-Webmention/1 (+${siteUrl})`;
}
