import { readFile } from 'node:fs/promises';
import type { SourceDoc } from './sources.ts';
import { writeWhole } from '../write-whole.ts';

/**
 * What was sent, per source and target (`.cache/webmentions-sent.json`, kept by the deploy
 * workflow), and the plan of what a run owes: new targets, every target of an edited source
 * (the spec's update rule, including targets since removed), removed targets and pages
 * (the delete rule), and earlier temporary failures.
 *
 * Losing the record must cost time, never manners. A run without one does not send to what
 * it finds; it records a baseline instead: every target of a source dated before the cut-off
 * (`baselineDays`) counts as already notified, so a vanished cache re-sends only for the last
 * few days' posts and peers, which receivers treat as an update.
 */

export type TargetState = 'sent' | 'no-endpoint' | 'rejected' | 'failed' | 'gave-up' | 'baseline';

export interface TargetRecord {
  state: TargetState;
  /** The source's fingerprint when this target was last dealt with. */
  hash: string;
  at: string;
  endpoint?: string;
  status?: number;
  /** A 201/202 answer's status page. */
  location?: string;
  message?: string;
  /** Failed attempts in a row. */
  attempts?: number;
  /** The source no longer links here; the notice is still owed. */
  removed?: true;
}

export interface SentRecord {
  version: 1;
  /** When the first run made this record (its baseline). */
  since: string;
  sources: Record<string, Record<string, TargetRecord>>;
}

export type JobReason = 'new' | 'updated' | 'removed' | 'deleted' | 'retry';

export interface Job {
  source: string;
  target: string;
  reason: JobReason;
  hash: string;
}

export interface PlanOptions {
  now: Date;
  baselineDays: number;
  maxAttempts: number;
}

export interface Plan {
  jobs: Job[];
  /** Targets recorded as already notified because the record was missing (baseline run). */
  baselined: { source: string; target: string }[];
  /** Sources gone from the site whose delete notices were held back (see `planRun`). */
  heldDeletes: string[];
  /** Entries that no longer matter (a removed link that never had an endpoint). */
  forget: { source: string; target: string }[];
}

/** Targets that were (or may have been) notified, and so must hear about updates and removals. */
const NOTIFIED: ReadonlySet<TargetState> = new Set(['sent', 'baseline', 'failed']);

export function planRun(record: SentRecord | undefined, docs: readonly SourceDoc[], options: PlanOptions): Plan {
  const plan: Plan = { jobs: [], baselined: [], heldDeletes: [], forget: [] };
  const cutoff = options.now.getTime() - options.baselineDays * 86_400_000;
  for (const doc of docs) {
    const known = record?.sources[doc.source] ?? {};
    for (const target of doc.targets) {
      const entry = known[target];
      if (!record && Date.parse(doc.dates[target] ?? '') < cutoff) {
        plan.baselined.push({ source: doc.source, target });
      } else if (!entry) {
        plan.jobs.push({ source: doc.source, target, reason: 'new', hash: doc.hash });
      } else if (entry.hash !== doc.hash) {
        plan.jobs.push({ source: doc.source, target, reason: 'updated', hash: doc.hash });
      } else if (entry.state === 'failed' && (entry.attempts ?? 1) < options.maxAttempts) {
        plan.jobs.push({ source: doc.source, target, reason: 'retry', hash: doc.hash });
      }
    }
    const current = new Set(doc.targets);
    for (const [target, entry] of Object.entries(known)) {
      if (current.has(target)) continue;
      if (!NOTIFIED.has(entry.state)) {
        plan.forget.push({ source: doc.source, target });
        continue;
      }
      if (entry.state === 'failed' && entry.removed && (entry.attempts ?? 1) >= options.maxAttempts) continue;
      plan.jobs.push({ source: doc.source, target, reason: 'removed', hash: doc.hash });
    }
  }
  // A page gone from the build: its targets hear of the deletion (the page now answers 404).
  // Many pages gone at once is more likely a broken build or a wrong --dist than a purge, and
  // a wave of deletion notices to peers is not something to risk: those are held back.
  const present = new Set(docs.map((d) => d.source));
  const gone = Object.keys(record?.sources ?? {}).filter((source) => !present.has(source));
  const knownCount = Object.keys(record?.sources ?? {}).length;
  if (gone.length > Math.max(2, knownCount / 4)) {
    plan.heldDeletes = gone;
  } else {
    for (const source of gone) {
      for (const [target, entry] of Object.entries(record!.sources[source]!)) {
        if (!NOTIFIED.has(entry.state)) {
          plan.forget.push({ source, target });
          continue;
        }
        if (entry.state === 'failed' && entry.removed && (entry.attempts ?? 1) >= options.maxAttempts) continue;
        plan.jobs.push({ source, target, reason: 'deleted', hash: 'deleted' });
      }
    }
  }
  return plan;
}

export type Outcome =
  | { kind: 'sent'; endpoint: string; status: number; location?: string }
  | { kind: 'no-endpoint' }
  | { kind: 'rejected'; message: string; endpoint?: string; status?: number }
  | { kind: 'failed'; message: string };

/** Write one job's outcome into the record. */
export function applyOutcome(record: SentRecord, job: Job, outcome: Outcome, options: PlanOptions): void {
  const targets = (record.sources[job.source] ??= {});
  const previous = targets[job.target];
  const leaving = job.reason === 'removed' || job.reason === 'deleted';
  if (outcome.kind !== 'failed') {
    // A removal notice delivered (or undeliverable for good) closes the matter for that target.
    if (leaving) delete targets[job.target];
    else {
      const entry: TargetRecord = { state: outcome.kind, hash: job.hash, at: options.now.toISOString() };
      if ('endpoint' in outcome && outcome.endpoint) entry.endpoint = outcome.endpoint;
      if ('status' in outcome && outcome.status !== undefined) entry.status = outcome.status;
      if (outcome.kind === 'sent' && outcome.location) entry.location = outcome.location;
      if (outcome.kind === 'rejected') entry.message = outcome.message;
      targets[job.target] = entry;
    }
  } else {
    const attempts = (previous?.state === 'failed' ? (previous.attempts ?? 1) : 0) + 1;
    const entry: TargetRecord = {
      state: attempts >= options.maxAttempts && !leaving ? 'gave-up' : 'failed',
      hash: job.hash,
      at: options.now.toISOString(),
      message: outcome.message,
      attempts,
    };
    if (leaving) entry.removed = true;
    targets[job.target] = entry;
  }
  if (Object.keys(targets).length === 0) delete record.sources[job.source];
}

export function recordBaseline(record: SentRecord, plan: Plan, docs: readonly SourceDoc[], now: Date): void {
  const hashOf = new Map(docs.map((d) => [d.source, d.hash]));
  for (const { source, target } of plan.baselined) {
    (record.sources[source] ??= {})[target] = { state: 'baseline', hash: hashOf.get(source) ?? '', at: now.toISOString() };
  }
}

export const emptyRecord = (now: Date): SentRecord => ({ version: 1, since: now.toISOString(), sources: {} });

/** The record, or undefined when there is none (or it is unreadable: then `problem` says why). */
export async function readSentRecord(file: string): Promise<{ record?: SentRecord; problem?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? {} : { problem: (error as Error).message };
  }
  try {
    const data = JSON.parse(text) as SentRecord;
    if (data?.version !== 1 || typeof data.sources !== 'object' || data.sources === null) throw new Error('not a version 1 record');
    return { record: data };
  } catch (error) {
    return { problem: `unreadable (${(error as Error).message})` };
  }
}

/** Written to a temporary file and renamed, so an interrupted run never leaves half a record. */
export async function writeSentRecord(file: string, record: SentRecord): Promise<void> {
  await writeWhole(file, `${JSON.stringify(record, null, 1)}\n`);
}
