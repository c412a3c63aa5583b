// One timed `astro build` for the benchmark (scripts/bench.ts): wall time, peak memory, and the
// phases read from the build's own log lines, each line stamped as it arrives.
import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syntheticPost } from '../../src/lib/bench/synthetic-posts.ts';
import { resolveContentDir } from '../../src/lib/config/paths.ts';
import { loggedPages, renderTimesIn } from './page-log.ts';
import { endedChildrenCpuMs, sampleTree } from './process-tree.ts';
import { addSiteSettings } from './site-settings.ts';

const root = path.resolve(import.meta.dirname, '../..');
const astroBin = path.join(root, 'node_modules/astro/bin/astro.mjs');
/** What a writer runs: `npm run build`/`dev` (the npm scripts' Node arguments before the command). */
export const frontrowCli = ['--import', path.join(root, 'scripts/compile-cache.mjs'), path.join(root, 'scripts/astro.ts')];
const probe = path.join(root, 'scripts/bench-memory-probe.mjs');

/** Synthetic posts of about this many words: the bench's default, a blog post of middling length. */
export const DEFAULT_POST_WORDS = 600;

export async function writePosts(dir: string, count: number, words = DEFAULT_POST_WORDS): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const post = syntheticPost(i, { words });
    await writeFile(path.join(dir, post.fileName), post.text);
  }
}

/**
 * A fresh Frontrow site (sample content + N posts of about `words` words in posts/bench/) with
 * its own output and cache folders; with `searchPartSize`, its search index in parts of that many posts.
 */
export async function frontrowSite(work: string, count: number, { searchPartSize, words }: { searchPartSize?: number | undefined; words?: number } = {}) {
  const content = path.join(work, 'content');
  await cp(resolveContentDir(), content, { recursive: true });
  if (searchPartSize) await addSiteSettings(content, { searchPartSize });
  await writePosts(path.join(content, 'posts', 'bench'), count, words);
  const outDir = path.join(work, 'dist');
  const env = {
    FRONTROW_CONTENT_DIR: content,
    FRONTROW_OUT_DIR: outDir,
    FRONTROW_CACHE_DIR: path.join(work, 'cache'),
    FRONTROW_FEED_CACHE: path.join(work, 'feeds.json'),
    FRONTROW_OFFLINE: '1',
  };
  return { content, outDir, env };
}

export interface BuildRun {
  wallMs: number;
  /** The most resident memory the build's processes held at once: Node's, Pagefind's and esbuild's together. */
  peakMiB: number;
  /** The largest peak of one of them (the Node process Astro runs in). */
  largestProcessMiB: number;
  /** The most processes the build ran at once. */
  processes: number;
  /** CPU time (user and system) of every process of the build, worker threads and Pagefind's binary included. */
  cpuMs: number;
  /** The same by program (node, pagefind_extended, esbuild), as last sampled. */
  cpuByProgram: Map<string, number>;
  /** Phase name → milliseconds, in build order. */
  phases: [string, number][];
  /**
   * Pages by kind (posts, tags, rss.xml…): rendered, taken from the last build, and the wall time
   * they took (each page's share of the time since the page before it ended, as the log arrived).
   */
  routes: Map<string, { ms: number; rendered: number; reused: number }>;
  /** When the pages phase began, its first page ended and its last page ended (ms from the start). */
  pagesSpan: { start: number; first: number; last: number } | undefined;
}

const PAGES_MARKER = /generating static routes/;

/** Log lines that open each phase; a phase lasts until the next one that appears. */
const MARKERS: [string, RegExp][] = [
  ['content sync', /\[content\] Syncing content/],
  ['types', /\[content\] Synced content/],
  ['build start: originality check, blogroll', /\[types\] Generated/],
  ['bundle (Vite)', /\[build\] Building static entrypoints/],
  ['pages', PAGES_MARKER],
  ['images', /generating optimized images/],
  ['after build: sitemap, search index', /\[build\] ✓ Completed in/],
  ['finish', /\[build\] \d+ page\(s\) built/],
];

/** The kind of a built path, for the per-route figures. */
function kindOf(route: string): string {
  if (route.startsWith('/posts/')) return 'post pages';
  if (route.startsWith('/tags/') && route !== '/tags/index.html') return 'tag pages';
  if (route.startsWith('/archive/') && route !== '/archive/index.html') return 'archive year pages';
  if (route.startsWith('/page/')) return 'home pagination';
  if (route.endsWith('.xml') || route.endsWith('.opml') || route.endsWith('.json')) return route;
  return 'other pages';
}

/** `entry`: Node's arguments before the command, bare Astro's CLI unless given. */
export async function runBuild(cwd: string, env: NodeJS.ProcessEnv, peakMemoryFile: string, entry = [astroBin]): Promise<BuildRun> {
  const started = performance.now();
  const cpuBefore = endedChildrenCpuMs();
  const lines: { at: number; text: string }[] = [];
  let sampler: ReturnType<typeof sampleTree> | undefined;
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [...entry, 'build'], {
      cwd,
      env: {
        ...process.env,
        ...env,
        NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} --import=${probe}`.trim(),
        FRONTROW_BENCH_PEAK_MEMORY_FILE: peakMemoryFile,
        ASTRO_TELEMETRY_DISABLED: '1',
        NODE_ENV: 'production',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) sampler = sampleTree(child.pid);
    let partial = '';
    const take = (chunk: Buffer) => {
      const at = performance.now() - started;
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const text of parts) lines.push({ at, text });
    };
    child.stdout.on('data', take);
    child.stderr.on('data', (chunk: Buffer) => {
      take(chunk);
      process.stderr.write(
        chunk
          .toString()
          .split('\n')
          .filter((l) => /error/i.test(l))
          .join('\n'),
      );
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  const wallMs = performance.now() - started;
  const tree = sampler?.stop() ?? { peakKiB: 0, processes: 0, cpuByProgram: new Map<string, number>() };
  if (code !== 0)
    throw new Error(
      `build in ${cwd} failed with exit code ${code}:\n${lines
        .slice(-30)
        .map((l) => l.text)
        .join('\n')}`,
    );
  const { routes, first, last } = routesOf(lines);
  const start = lines.find((l) => PAGES_MARKER.test(l.text))?.at;
  // The probe's figure is exact for each Node process; the tree's is sampled, and at least that.
  const largestProcessMiB = Number(await readFile(peakMemoryFile, 'utf8')) / 1024;
  return {
    wallMs,
    peakMiB: Math.max(tree.peakKiB / 1024, largestProcessMiB),
    largestProcessMiB,
    processes: tree.processes,
    // The kernel counts a process's CPU for the bench once its parent has waited for it; a
    // Pagefind the build killed on its way out may be left to init instead. Each process's last
    // sample misses at most its last tenth of a second.
    cpuMs: Math.max(
      endedChildrenCpuMs() - cpuBefore,
      [...tree.cpuByProgram.values()].reduce((sum, ms) => sum + ms, 0),
    ),
    cpuByProgram: tree.cpuByProgram,
    phases: phasesOf(lines, wallMs),
    routes,
    pagesSpan: start !== undefined && first !== undefined && last !== undefined ? { start, first, last } : undefined,
  };
}

function phasesOf(lines: { at: number; text: string }[], wallMs: number): [string, number][] {
  const starts: [string, number][] = [['startup (content check, config, Vite)', 0]];
  let from = 0;
  for (const [name, marker] of MARKERS) {
    const i = lines.findIndex((l, n) => n >= from && marker.test(l.text));
    if (i < 0) continue;
    starts.push([name, lines[i]!.at]);
    from = i + 1;
  }
  const phases = starts.map(([name, at], i): [string, number] => [name, (starts[i + 1]?.[1] ?? wallMs) - at]);
  // Frontrow's own steps inside the pages phase, from its log lines.
  for (const l of lines) {
    // The originality worker finds them beside content sync and bundling; the pages wait for what is left.
    const related = /\[frontrow\] Related posts: \d+ posts (?:(?:computed|from the cache) in (\d+) ms beside the build, )?.*waited (\d+) ms/.exec(l.text);
    if (related) phases.push(['  of which waiting for related posts', Number(related[2])]);
    if (related?.[1]) phases.push(['  (related posts, beside the build)', Number(related[1])]);
    const search = searchPhase(l.text);
    if (search) phases.push(search);
  }
  return phases;
}

/**
 * The search index's line of a build's log as a phase: its time, and how much was read again
 * (an index in parts: how many parts; none: the last build's index, reused).
 */
export function searchPhase(text: string): [string, number] | undefined {
  const search = /Search index: .* in (\d+) ms/.exec(text);
  if (!search) return undefined;
  const parts = /; (\d+) of its (\d+) parts read/.exec(text);
  const reading = parts ? `, ${parts[1]} of ${parts[2]} parts` : /Search index: the last build's/.test(text) ? ', reused' : '';
  return [`  of which Pagefind indexing${reading}`, Number(search[1])];
}

/** How long a build's search index step took (0 when its log named none). */
export function searchMsOf(run: Pick<BuildRun, 'phases'>): number {
  return run.phases.find(([name]) => name.startsWith('  of which Pagefind indexing'))?.[1] ?? 0;
}

/**
 * Pages by kind, from the log read as it arrived. A page ends on the line that carries its copy
 * mark or its render time (with several pages at a time, the oldest rendered page still open);
 * the time since the page before it ended is its share of the phase.
 */
function routesOf(lines: { at: number; text: string }[]) {
  const routes = new Map<string, { ms: number; rendered: number; reused: number }>();
  const open: string[] = [];
  let first: number | undefined;
  let last: number | undefined;
  for (const { at, text } of lines) {
    const ended: string[] = [];
    for (const page of loggedPages(text)) {
      const kind = kindOf(page.file);
      const entry = routes.get(kind) ?? { ms: 0, rendered: 0, reused: 0 };
      routes.set(kind, entry);
      if (page.reused) {
        entry.reused++;
        ended.push(kind);
      } else {
        entry.rendered++;
        open.push(kind);
      }
    }
    for (let n = renderTimesIn(text); n > 0 && open.length > 0; n--) ended.push(open.shift()!);
    if (ended.length === 0) continue;
    if (last !== undefined) for (const kind of ended) routes.get(kind)!.ms += (at - last) / ended.length;
    first ??= at;
    last = at;
  }
  return { routes, first, last };
}

export function formatPhases(run: BuildRun): string {
  const line = (name: string, ms: number) =>
    `  ${name.padEnd(42)} ${(ms / 1000).toFixed(1).padStart(7)} s  ${((100 * ms) / run.wallMs).toFixed(0).padStart(3)}%`;
  const out: string[] = [];
  for (const [name, ms] of run.phases) {
    out.push(line(name, ms));
    const span = run.pagesSpan;
    if (name !== 'pages' || !span) continue;
    // Before the first page: every route's getStaticPaths (the content store loaded, related posts, cache keys).
    out.push(line('  of which before the first page ended', span.first - span.start));
    out.push(line('  of which the pages, first to last', span.last - span.first));
  }
  const routes = [...run.routes].sort((a, b) => b[1].ms - a[1].ms);
  if (routes.length) out.push('  pages by kind (wall time, as the log arrived):');
  for (const [kind, r] of routes) {
    out.push(
      `    ${kind.padEnd(40)} ${(r.ms / 1000).toFixed(1).padStart(7)} s  ${String(r.rendered).padStart(6)} rendered${r.reused ? `, ${r.reused} from the last build` : ''}`,
    );
  }
  return out.join('\n');
}
