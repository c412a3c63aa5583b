import { describe, expect, it } from 'vitest';
import { applyOutcome, planRun, type SentRecord } from '../../../src/lib/outreach/record.ts';
import type { SourceDoc } from '../../../src/lib/outreach/sources.ts';

// The plan is pure: what a run owes, given the record and the built site.
const now = new Date('2026-12-01T00:00:00Z');
const options = { now, baselineDays: 7, maxAttempts: 2 };
const doc = (source: string, targets: string[], hash = 'h1', date = '2026-11-30T00:00:00Z'): SourceDoc => ({
  source,
  kind: 'post',
  hash,
  targets,
  dates: Object.fromEntries(targets.map((t) => [t, date])),
});
const empty = (): SentRecord => ({ version: 1, since: now.toISOString(), sources: {} });

describe('planning a run', () => {
  it('gives up on a target after maxAttempts failures in a row, until the post changes', () => {
    const record = empty();
    const docs = [doc('https://me/p/', ['https://t/x'])];
    for (let run = 0; run < 2; run++) {
      const [job] = planRun(record, docs, options).jobs;
      expect(job).toBeDefined();
      applyOutcome(record, job!, { kind: 'failed', message: 'timeout' }, options);
    }
    expect(record.sources['https://me/p/']!['https://t/x']).toMatchObject({ state: 'gave-up', attempts: 2 });
    expect(planRun(record, docs, options).jobs).toEqual([]);
    expect(planRun(record, [doc('https://me/p/', ['https://t/x'], 'h2')], options).jobs).toEqual([
      { source: 'https://me/p/', target: 'https://t/x', reason: 'updated', hash: 'h2' },
    ]);
  });

  it('forgets a removed link that never had an endpoint, without sending', () => {
    const record = empty();
    record.sources['https://me/p/'] = { 'https://t/gone': { state: 'no-endpoint', hash: 'h1', at: now.toISOString() } };
    const plan = planRun(record, [doc('https://me/p/', [])], options);
    expect(plan.jobs).toEqual([]);
    expect(plan.forget).toEqual([{ source: 'https://me/p/', target: 'https://t/gone' }]);
  });

  it('without a record, older sources become the baseline and only recent ones are sent', () => {
    const plan = planRun(undefined, [doc('https://me/old/', ['https://t/a'], 'h', '2025-01-01T00:00:00Z'), doc('https://me/new/', ['https://t/b'])], options);
    expect(plan.baselined).toEqual([{ source: 'https://me/old/', target: 'https://t/a' }]);
    expect(plan.jobs.map((j) => j.target)).toEqual(['https://t/b']);
  });
});
