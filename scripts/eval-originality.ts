/**
 * Accuracy of the originality engine on public labelled corpora (not shipped, not in npm test):
 *
 *   npm run eval:originality -- ../shared/eval
 *
 * - Clough & Stevenson: each of the 95 short answers is checked as a draft against the 5
 *   Wikipedia sources; prints the AUC of reused (cut, light, heavy) vs non for the match score
 *   of the right source, and the mean score per category.
 * - PAN-13 sample: passage alignment per pair; prints plagdet per obfuscation type (micro
 *   averaged, Potthast et al. 2010) and the share of no-plagiarism pairs with any detection.
 *
 * Options: --cs-only, --pan-only, --config '{"passageThreshold":0.5}' (overrides).
 */
import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { originalityConfigSchema } from '../src/lib/originality/config.ts';
import { type AnalyzedDocument, alignPassages, analyzeDocument, checkOriginality, type OriginalityConfig } from '../src/lib/originality/index.ts';
import { parseCommandLine } from './lib/cli.ts';

const USAGE = 'usage: npm run eval:originality -- <eval folder> [--cs-only|--pan-only] [--config JSON]';
const parsed = parseCommandLine({ 'cs-only': { type: 'boolean' }, 'pan-only': { type: 'boolean' }, config: { type: 'string' } }, USAGE);
if (parsed.exit !== undefined) process.exit(parsed.exit);
const folder = parsed.positionals[0];
if (!folder || parsed.positionals.length > 1) {
  console.error(USAGE);
  process.exit(2);
}
let overrides: unknown;
try {
  overrides = JSON.parse(parsed.values.config ?? '{}');
} catch (error) {
  console.error(`--config: ${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const config = originalityConfigSchema.parse(overrides);

/** Area under the ROC curve: probability a positive outscores a negative (ties count half). */
export function auc(positives: number[], negatives: number[]): number {
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

async function cloughStevenson(dir: string, cfg: OriginalityConfig): Promise<void> {
  const csv = await readFile(join(dir, 'file_information.csv'), 'utf8');
  const rows = csv
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','));
  const answers = rows.filter((r) => r[2] !== 'orig').map(([file, task, category]) => ({ file: file!, task: task!, category: category! }));
  const archive = await mkdtemp(join(tmpdir(), 'cs-archive-'));
  const cacheDir = await mkdtemp(join(tmpdir(), 'cs-cache-'));
  try {
    for (const task of 'abcde') await copyFile(join(dir, `orig_task${task}.txt`), join(archive, `orig_task${task}.txt`));
    const report = await checkOriginality({
      postsDir: archive,
      archiveDir: archive,
      drafts: answers.map((a) => join(dir, a.file)),
      config: { ...cfg, relatedThreshold: 0, maxRelated: 5 },
      cacheDir,
    });
    const byCategory = new Map<string, number[]>();
    const verdicts = new Map<string, Map<string, number>>();
    let topRight = 0;
    report.drafts.forEach((draft, i) => {
      const answer = answers[i]!;
      const right = draft.matches.find((m) => m.file.endsWith(`orig_task${answer.task}.txt`));
      const score = right?.score ?? 0;
      if (draft.matches[0] === right) topRight++;
      byCategory.set(answer.category, [...(byCategory.get(answer.category) ?? []), score]);
      // Verdicts with the real thresholds (related matches aside, the verdict is unchanged).
      const v = verdicts.get(answer.category) ?? new Map<string, number>();
      v.set(draft.verdict, (v.get(draft.verdict) ?? 0) + 1);
      verdicts.set(answer.category, v);
    });
    const reused = ['cut', 'light', 'heavy'].flatMap((c) => byCategory.get(c) ?? []);
    const non = byCategory.get('non') ?? [];
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(`Clough & Stevenson (${answers.length} answers vs 5 sources)`);
    console.log(`  AUC reused (cut+light+heavy) vs non: ${auc(reused, non).toFixed(4)}`);
    console.log(
      `  AUC verbatim-ish (cut+light) vs (heavy+non): ${auc([...(byCategory.get('cut') ?? []), ...(byCategory.get('light') ?? [])], [...(byCategory.get('heavy') ?? []), ...non]).toFixed(3)}`,
    );
    for (const c of ['cut', 'light', 'heavy', 'non']) {
      const xs = byCategory.get(c) ?? [];
      const v = [...(verdicts.get(c) ?? new Map())].map(([k, n]) => `${k} ${n}`).join(', ');
      console.log(`  ${c.padEnd(6)} mean score ${mean(xs).toFixed(3)}  (n=${xs.length}; verdicts: ${v})`);
    }
    console.log(`  right source ranked first: ${topRight}/${answers.length}; ${report.timings.checkMs} ms`);
  } finally {
    await rm(archive, { recursive: true, force: true });
    await rm(cacheDir, { recursive: true, force: true });
  }
}

interface Case {
  ds: number;
  de: number;
  as: number;
  ae: number;
}

/** PAN plagdet bookkeeping for one category, summed over pairs (micro-averaged). */
class Plagdet {
  caseChars = 0;
  recalled = 0;
  detectedChars = 0;
  precise = 0;
  detectedCases = 0;
  detectionsPerCase = 0;
  pairs = 0;
  pairsWithDetection = 0;

  add(cases: Case[], detections: Case[], draftLength: number, sourceLength: number): void {
    this.pairs++;
    if (detections.length) this.pairsWithDetection++;
    const overlaps = (x: Case, y: Case) => x.ds < y.de && y.ds < x.de && x.as < y.ae && y.as < x.ae;
    const cover = (list: Case[]) => {
      const d = new Uint8Array(draftLength);
      const a = new Uint8Array(sourceLength);
      for (const c of list) {
        d.fill(1, c.ds, c.de);
        a.fill(1, c.as, c.ae);
      }
      return count(d) + count(a);
    };
    const count = (xs: Uint8Array) => xs.reduce((n, x) => n + x, 0);
    const intersections = (from: Case[], against: Case[]) => {
      const parts: Case[] = [];
      for (const x of from)
        for (const y of against)
          if (overlaps(x, y)) parts.push({ ds: Math.max(x.ds, y.ds), de: Math.min(x.de, y.de), as: Math.max(x.as, y.as), ae: Math.min(x.ae, y.ae) });
      return parts;
    };
    this.caseChars += cover(cases);
    this.detectedChars += cover(detections);
    const both = intersections(cases, detections);
    this.recalled += cover(both);
    this.precise += cover(both);
    for (const c of cases) {
      const n = detections.filter((r) => overlaps(c, r)).length;
      if (n) {
        this.detectedCases++;
        this.detectionsPerCase += n;
      }
    }
  }

  result() {
    const recall = this.caseChars ? this.recalled / this.caseChars : 0;
    const precision = this.detectedChars ? this.precise / this.detectedChars : 1;
    const granularity = this.detectedCases ? this.detectionsPerCase / this.detectedCases : 1;
    const f1 = recall + precision ? (2 * recall * precision) / (recall + precision) : 0;
    return { plagdet: f1 / Math.log2(1 + granularity), recall, precision, granularity };
  }
}

async function pan13(dir: string, cfg: OriginalityConfig): Promise<void> {
  const categories = ['01-no-plagiarism', '02-no-obfuscation', '03-random-obfuscation', '04-translation-obfuscation', '05-summary-obfuscation'];
  const docs = new Map<string, AnalyzedDocument>();
  const load = async (path: string) => {
    let doc = docs.get(path);
    if (!doc) docs.set(path, (doc = analyzeDocument(path, await readFile(path, 'utf8'))));
    return doc;
  };
  console.log('PAN-13 text alignment sample (plagdet, micro-averaged)');
  const total = new Plagdet();
  for (const category of categories) {
    const score = new Plagdet();
    const started = performance.now();
    const files = (await readdir(join(dir, category))).filter((f) => f.endsWith('.xml')).sort();
    for (const file of files) {
      const names = /^(suspicious-document\d+)-(source-document\d+)\.xml$/.exec(file);
      if (!names) continue;
      const xml = await readFile(join(dir, category, file), 'utf8');
      const cases = [...xml.matchAll(/<feature[^>]*name="plagiarism"[^>]*>/g)].map((m) => {
        const attr = (name: string) => Number(new RegExp(`${name}="(\\d+)"`).exec(m[0])?.[1] ?? 0);
        return {
          ds: attr('this_offset'),
          de: attr('this_offset') + attr('this_length'),
          as: attr('source_offset'),
          ae: attr('source_offset') + attr('source_length'),
        };
      });
      const draft = await load(join(dir, 'susp', `${names[1]}.txt`));
      const source = await load(join(dir, 'src', `${names[2]}.txt`));
      const detections = alignPassages(draft, source, { passageThreshold: cfg.passageThreshold, minPassageWords: cfg.minPassageWords }).map((p) => ({
        ds: p.draft.start,
        de: p.draft.end,
        as: p.archive.start,
        ae: p.archive.end,
      }));
      score.add(cases, detections, draft.source.length, source.source.length);
      total.add(cases, detections, draft.source.length, source.source.length);
    }
    const r = score.result();
    const ms = (performance.now() - started) / Math.max(1, score.pairs);
    if (category === '01-no-plagiarism') {
      console.log(
        `  ${category.padEnd(28)} pairs with any detection: ${score.pairsWithDetection}/${score.pairs} (${((100 * score.pairsWithDetection) / score.pairs).toFixed(1)}%)  ${ms.toFixed(1)} ms/pair`,
      );
    } else {
      console.log(
        `  ${category.padEnd(28)} plagdet ${r.plagdet.toFixed(3)}  recall ${r.recall.toFixed(3)}  precision ${r.precision.toFixed(3)}  granularity ${r.granularity.toFixed(3)}  ${ms.toFixed(1)} ms/pair`,
      );
    }
  }
  const r = total.result();
  console.log(
    `  ${'all 500 pairs'.padEnd(28)} plagdet ${r.plagdet.toFixed(3)}  recall ${r.recall.toFixed(3)}  precision ${r.precision.toFixed(3)}  granularity ${r.granularity.toFixed(3)}`,
  );
}

const root = resolve(folder);
console.log(`config: ${JSON.stringify(config)}`);
if (!parsed.values['pan-only']) await cloughStevenson(join(root, 'clough-stevenson'), config);
if (!parsed.values['cs-only']) await pan13(join(root, 'pan13-sample'), config);
