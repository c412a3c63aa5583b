import { discoverEndpoint, type Discovery } from './discover.ts';
import { HostLock, postForm, type NetOptions } from './net.ts';
import { applyOutcome, emptyRecord, planRun, readSentRecord, recordBaseline, writeSentRecord, type Job, type Outcome } from './record.ts';
import { readPostSources, readRecommendationsSource } from './sources.ts';

/**
 * `npm run webmentions -- send`: read the built site, work out what is owed (record.ts), then
 * discover each target's endpoint and POST `source` and `target` to it, a few at a time and
 * one request at a time per host. A failing target is one warning line and a retry next run;
 * nothing here fails a deploy.
 */

export interface SendOptions {
  dist: string;
  /** The site's URL with its base path, ending in "/". */
  siteRoot: string;
  recordFile: string;
  baselineDays: number;
  maxAttempts: number;
  concurrency: number;
  net: NetOptions;
  dryRun?: boolean;
  now?: Date;
  warn?: (line: string) => void;
}

export interface SendResult extends Job {
  outcome: Outcome | { kind: 'planned' };
}

export interface SendReport {
  /** The record was missing: older sources were recorded as notified, not sent. */
  baseline: boolean;
  dryRun: boolean;
  sources: number;
  results: SendResult[];
  baselined: number;
  heldDeletes: string[];
}

export class NothingBuiltError extends Error {
  override name = 'NothingBuiltError';
}

export async function sendWebmentions(options: SendOptions): Promise<SendReport> {
  const now = options.now ?? new Date();
  const warn = options.warn ?? (() => {});
  const posts = await readPostSources(options.dist, options.siteRoot);
  const recommendations = await readRecommendationsSource(options.dist, options.siteRoot);
  if (posts.length === 0 && !recommendations) {
    throw new NothingBuiltError(`no post pages in ${options.dist}: run \`npm run build\` first (or pass --dist)`);
  }
  const docs = recommendations ? [...posts, recommendations] : posts;
  const { record, problem } = await readSentRecord(options.recordFile);
  if (problem) warn(`Webmentions: ${options.recordFile} is ${problem}; starting a new record from a baseline.`);
  const planOptions = { now, baselineDays: options.baselineDays, maxAttempts: options.maxAttempts };
  const plan = planRun(record, docs, planOptions);
  const report: SendReport = {
    baseline: !record,
    dryRun: Boolean(options.dryRun),
    sources: docs.length,
    results: [],
    baselined: plan.baselined.length,
    heldDeletes: plan.heldDeletes,
  };
  if (plan.heldDeletes.length > 0) {
    warn(`Webmentions: ${plan.heldDeletes.length} pages sent to before are missing from ${options.dist}; no deletion notices sent (is this the full build?).`);
  }
  if (options.dryRun) {
    report.results = plan.jobs.map((job) => ({ ...job, outcome: { kind: 'planned' } }));
    return report;
  }

  const working = record ?? emptyRecord(now);
  recordBaseline(working, plan, docs, now);
  for (const { source, target } of plan.forget) {
    delete working.sources[source]?.[target];
    if (working.sources[source] && Object.keys(working.sources[source]).length === 0) delete working.sources[source];
  }
  const lock = new HostLock();
  const discoveries = new Map<string, Promise<Discovery>>();
  const discover = (target: string) => {
    let found = discoveries.get(target);
    if (!found) {
      found = lock.run(target, () => discoverEndpoint(target, options.net));
      discoveries.set(target, found);
    }
    return found;
  };
  const deliver = async (job: Job): Promise<Outcome> => {
    const found = await discover(job.target);
    if (found.kind === 'failure') return found.temporary ? { kind: 'failed', message: found.message } : { kind: 'rejected', message: found.message };
    if (found.kind === 'none') return { kind: 'no-endpoint' };
    const answer = await lock.run(found.endpoint, () =>
      postForm(found.endpoint, { source: job.source, target: job.target }, { ...options.net, foundOn: found.page }),
    );
    if (answer.kind === 'failure') {
      return answer.reason === 'blocked'
        ? { kind: 'rejected', message: answer.message, endpoint: found.endpoint }
        : { kind: 'failed', message: `${found.endpoint}: ${answer.message}` };
    }
    const { status } = answer;
    if (status >= 200 && status < 300) return { kind: 'sent', endpoint: found.endpoint, status, ...(answer.location ? { location: answer.location } : {}) };
    if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
      return { kind: 'rejected', message: `endpoint answered HTTP ${status}`, endpoint: found.endpoint, status };
    }
    return { kind: 'failed', message: `${found.endpoint} answered HTTP ${status}` };
  };

  try {
    await eachLimited(plan.jobs, options.concurrency, async (job) => {
      let outcome: Outcome;
      try {
        outcome = await deliver(job);
      } catch (error) {
        outcome = { kind: 'failed', message: (error as Error).message };
      }
      if (outcome.kind === 'failed') warn(`Webmentions: ${job.target} (from ${job.source}): ${outcome.message}; will retry on the next run.`);
      applyOutcome(working, job, outcome, planOptions);
      report.results.push({ ...job, outcome });
    });
  } finally {
    await writeSentRecord(options.recordFile, working);
  }
  return report;
}

async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
}

/** The report as lines for the terminal. */
export function formatSendReport(report: SendReport): string[] {
  const lines: string[] = [];
  const verb = report.dryRun ? 'would send' : 'sent';
  if (report.baseline && report.baselined > 0) {
    const links = `${report.baselined} older link${report.baselined === 1 ? '' : 's'}`;
    lines.push(`No record of earlier sends: ${links} ${report.dryRun ? 'would be' : ''} recorded as already notified (baseline), not sent.`.replace('  ', ' '));
  }
  for (const r of report.results) {
    const why = r.reason === 'new' ? '' : ` (${r.reason})`;
    const o = r.outcome;
    const what =
      o.kind === 'planned'
        ? 'planned'
        : o.kind === 'sent'
          ? `sent, HTTP ${o.status}${o.location ? `, status at ${o.location}` : ''}`
          : o.kind === 'no-endpoint'
            ? 'no Webmention endpoint'
            : `${o.kind}: ${o.message}`;
    lines.push(`${r.source} → ${r.target}${why}: ${what}`);
  }
  const count = (kind: string) => report.results.filter((r) => r.outcome.kind === kind).length;
  lines.push(
    report.dryRun
      ? `Dry run: ${verb} ${report.results.length} Webmention${report.results.length === 1 ? '' : 's'} from ${report.sources} page${report.sources === 1 ? '' : 's'}.`
      : `Webmentions: ${count('sent')} sent, ${count('no-endpoint')} without endpoint, ${count('rejected')} refused, ${count('failed')} to retry (${report.sources} page${report.sources === 1 ? '' : 's'} checked).`,
  );
  return lines;
}
