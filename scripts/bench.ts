#!/usr/bin/env node
// npm run bench -- --posts 1000 [--words 600] [--bare] [--rebuild] [--rebuild-deploy] [--rebuild-page] [--runs 2] [--keep] [--search-parts 1500]
// Builds a temporary copy of the site with N extra synthetic posts (of about --words words) and prints wall time, time
// per page, peak memory and where the time went (phases); --bare also builds the same posts
// with a bare Astro project, in the same run; --rebuild then edits one post and rebuilds
// incrementally (with --bare, a bare Astro project with the same incremental build does the same:
// the least any Astro site pays for that rebuild); --rebuild-deploy edits another post and
// rebuilds as the deploy workflow does, with the caches but no output folder (a clean checkout);
// --rebuild-page then edits a standalone page (no post page changes) and rebuilds;
// --search-parts N builds Frontrow with `searchPartSize: N` (its search index in parts).
// docs/performance.md explains the figures.
import { appendFile, mkdir, mkdtemp, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { syntheticPost } from '../src/lib/bench/synthetic-posts.ts';
import { DEFAULT_POST_WORDS, formatPhases, frontrowCli, frontrowSite, runBuild, searchMsOf, writePosts, type BuildRun } from './lib/bench-build.ts';
import { parseCommandLine } from './lib/cli.ts';
import { CAN_SAMPLE_TREE } from './lib/process-tree.ts';

const root = path.resolve(import.meta.dirname, '..');

const usage =
  'Usage: npm run bench -- --posts 1000 [--words 600] [--bare] [--rebuild] [--rebuild-deploy] [--rebuild-page] [--runs 2] [--keep] [--search-parts 1500]';
const parsed = parseCommandLine(
  {
    posts: { type: 'string', default: '100' },
    words: { type: 'string', default: String(DEFAULT_POST_WORDS) },
    bare: { type: 'boolean', default: false },
    rebuild: { type: 'boolean', default: false },
    'rebuild-deploy': { type: 'boolean', default: false },
    'rebuild-page': { type: 'boolean', default: false },
    runs: { type: 'string', default: '1' },
    keep: { type: 'boolean', default: false },
    'search-parts': { type: 'string' },
  },
  usage,
);
if (parsed.exit !== undefined) process.exit(parsed.exit);
const { values } = parsed;
const count = Number(values.posts);
const runs = Number(values.runs);
const words = Number(values.words);
const searchParts = values['search-parts'] === undefined ? undefined : Number(values['search-parts']);
if (
  !Number.isInteger(count) ||
  count < 1 ||
  !Number.isInteger(runs) ||
  runs < 1 ||
  !Number.isInteger(words) ||
  words < 1 ||
  (searchParts !== undefined && (!Number.isInteger(searchParts) || searchParts < 2))
) {
  console.error('--posts, --words, --runs and --search-parts must be positive whole numbers, e.g. --posts 1000 --words 600 --runs 2 --search-parts 1500');
  process.exit(2);
}

/** The same posts through the smallest Astro site that renders them: a baseline. */
async function bareSite(work: string, { incremental = false } = {}) {
  const project = path.join(work, incremental ? 'bare-incremental' : 'bare');
  await mkdir(path.join(project, 'src/pages/posts'), { recursive: true });
  await symlink(path.join(root, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  await writeFile(path.join(project, 'package.json'), '{ "type": "module", "private": true }\n');
  await writeFile(
    path.join(project, 'astro.config.mjs'),
    `export default { site: "https://bare.example", cacheDir: "./.astro-cache"${incremental ? ', experimental: { incrementalBuild: true }' : ''} };\n`,
  );
  await writePosts(path.join(project, 'posts'), count, words);
  await writeFile(
    path.join(project, 'src/content.config.ts'),
    `import { defineCollection } from 'astro:content';\nimport { glob } from 'astro/loaders';\nimport { z } from 'astro/zod';\n` +
      `export const collections = { posts: defineCollection({ loader: glob({ pattern: '**/*.md', base: './posts' }), ` +
      `schema: z.object({ title: z.string(), description: z.string(), pubDate: z.coerce.date(), tags: z.array(z.string()) }) }) };\n`,
  );
  await writeFile(
    path.join(project, 'src/pages/posts/[...id].astro'),
    `---\nimport { getCollection, render } from 'astro:content';\nexport async function getStaticPaths() {\n  return (await getCollection('posts')).map((post) => ({ params: { id: post.id }, props: { post }${incremental ? ', cacheKey: post.digest' : ''} }));\n}\nconst { post } = Astro.props;\nconst { Content } = await render(post);\n---\n<html><head><title>{post.data.title}</title></head><body><h1>{post.data.title}</h1><Content /></body></html>\n`,
  );
  await writeFile(
    path.join(project, 'src/pages/index.astro'),
    `---\nimport { getCollection } from 'astro:content';\nconst posts = await getCollection('posts');\n---\n<html><head><title>Bare</title></head><body><ul>{posts.map((p) => <li><a href={'/posts/' + p.id + '/'}>{p.data.title}</a></li>)}</ul></body></html>\n`,
  );
  return { project, outDir: path.join(project, 'dist') };
}

async function pagesIn(outDir: string): Promise<number> {
  return (await readdir(outDir, { recursive: true })).filter((f) => f.endsWith('.html')).length;
}

interface Row {
  label: string;
  run: BuildRun;
  pages: number;
}
const rows: Row[] = [];
/** A CPU time in seconds; "–" where it is unknown (no /proc to read it from). */
const seconds = (ms: number) => (Number.isNaN(ms) ? '–' : (ms / 1000).toFixed(1));
/** "node 19.5 s, pagefind_extended 8.2 s": the CPU each program of the build used, the most first. */
const cpuByProgram = (run: BuildRun) =>
  [...run.cpuByProgram]
    .sort((a, b) => b[1] - a[1])
    .map(([program, ms]) => `${program} ${(ms / 1000).toFixed(1)} s`)
    .join(', ');
function report(label: string, run: BuildRun, pages: number): void {
  rows.push({ label, run, pages });
  console.log(
    `\n${label}: ${(run.wallMs / 1000).toFixed(1)} s, ${pages} pages, peak ${run.peakMiB.toFixed(0)} MiB${run.processes ? ` in ${run.processes} processes (the largest ${run.largestProcessMiB.toFixed(0)} MiB)` : ''}, CPU ${seconds(run.cpuMs)} s${run.cpuByProgram.size ? ` (${cpuByProgram(run)})` : ''}`,
  );
  console.log(formatPhases(run));
}

// Nothing is deleted until every build is done. On ext4 without a journal (some CI and cloud
// machines), creating a file within about a minute of mass deletions costs up to ten times as
// much (the kernel skips recently freed inodes): a run deleting the last run's 10,000 files
// slowed the next builds, Frontrow's most, as it writes the most files (docs/performance-log.md).
const work = await mkdtemp(path.join(tmpdir(), 'frontrow-bench-'));
if (!CAN_SAMPLE_TREE) console.log("No /proc here (it is Linux's): peak memory is the largest Node process's, and the CPU time is not measured.");
try {
  console.log(`Building with ${count} synthetic posts of about ${words} words (in ${work})…`);
  for (let r = 1; r <= runs; r++) {
    const runDir = path.join(work, `run-${r}`);
    const site = await frontrowSite(runDir, count, { searchPartSize: searchParts, words });
    const cold = await runBuild(root, site.env, path.join(runDir, 'frontrow.peak-memory'), frontrowCli);
    report(`frontrow (run ${r})`, cold, await pagesIn(site.outDir));
    if (values.bare) {
      const bare = await bareSite(runDir);
      const run = await runBuild(bare.project, {}, path.join(runDir, 'bare.peak-memory'));
      report(`bare-astro (run ${r})`, run, await pagesIn(bare.outDir));
    }
    // A writer fixes a typo in one post of the archive (the `nth` synthetic one), then builds again.
    const editPost = (postsDir: string, nth: number) =>
      appendFile(path.join(postsDir, syntheticPost(nth).fileName), '\nOne more sentence, added after publishing.\n');
    const benchPosts = path.join(site.content, 'posts', 'bench');
    if (values.rebuild) {
      await editPost(benchPosts, Math.floor(count / 2));
      const run = await runBuild(root, site.env, path.join(runDir, 'rebuild.peak-memory'), frontrowCli);
      report(`frontrow rebuild, one post edited (run ${r})`, run, await pagesIn(site.outDir));
      if (values.bare) {
        // The floor: Astro's own startup, content sync and bundling, which any rebuild pays.
        const bare = await bareSite(runDir, { incremental: true });
        report(
          `bare-astro incremental (run ${r})`,
          await runBuild(bare.project, {}, path.join(runDir, 'bare-incremental.peak-memory')),
          await pagesIn(bare.outDir),
        );
        await editPost(path.join(bare.project, 'posts'), Math.floor(count / 2));
        const floor = await runBuild(bare.project, {}, path.join(runDir, 'bare-rebuild.peak-memory'));
        report(`bare-astro incremental rebuild (run ${r})`, floor, await pagesIn(bare.outDir));
      }
    }
    if (values['rebuild-deploy']) {
      // The deploy workflow restores Astro's and the engine's caches into a clean checkout: the
      // output folder of the last build is not there, so no page is left in place. Another post
      // than --rebuild's, so that this rebuild has a change of its own.
      await editPost(benchPosts, Math.floor(count / 3));
      // Moved aside, not deleted: nothing is deleted until the last build (see `work` above).
      await rename(site.outDir, path.join(runDir, 'dist-before-deploy'));
      const run = await runBuild(root, site.env, path.join(runDir, 'rebuild-deploy.peak-memory'), frontrowCli);
      report(`frontrow rebuild as a deploy, no dist/ (run ${r})`, run, await pagesIn(site.outDir));
    }
    if (values['rebuild-page']) {
      // A writer updates the about page: no post page changes (the search index is reused).
      const pagesDir = path.join(site.content, 'pages');
      const page = (await readdir(pagesDir)).filter((f) => f.endsWith('.md')).sort()[0];
      if (!page) throw new Error(`--rebuild-page needs a Markdown page in ${pagesDir}`);
      await appendFile(path.join(pagesDir, page), '\nOne more sentence on this page.\n');
      const run = await runBuild(root, site.env, path.join(runDir, 'rebuild-page.peak-memory'), frontrowCli);
      report(`frontrow rebuild, one page edited (run ${r})`, run, await pagesIn(site.outDir));
    }
  }

  console.log('\nbuild                                      posts   pages   wall time   per page   peak memory   CPU time');
  for (const { label, run, pages } of rows) {
    console.log(
      `${label.padEnd(42)} ${String(count).padStart(5)}  ${String(pages).padStart(6)}  ${(run.wallMs / 1000).toFixed(1).padStart(8)} s  ${(run.wallMs / pages).toFixed(1).padStart(6)} ms  ${run.peakMiB.toFixed(0).padStart(7)} MiB  ${seconds(run.cpuMs).padStart(7)} s`,
    );
  }
  // Each figure of every run, to print its range when there are several runs: on a shared
  // machine one run's ratio says little (docs/performance.md, "How to measure").
  const figures = new Map<string, { values: number[]; format: (v: number) => string }>();
  const note = (name: string, value: number, format: (v: number) => string) => {
    const figure = figures.get(name) ?? { values: [], format };
    figure.values.push(value);
    figures.set(name, figure);
    return name.replace('{}', format(value));
  };
  const times = (v: number) => `${v.toFixed(2)}×`;
  const percent = (v: number) => `${v.toFixed(0)}%`;
  for (let r = 1; r <= runs; r++) {
    const get = (prefix: string) => rows.find((row) => row.label === `${prefix} (run ${r})`)?.run;
    const [front, bare, rebuild, deployRebuild, pageRebuild, bareIncremental, bareRebuild] = [
      get('frontrow'),
      get('bare-astro'),
      get('frontrow rebuild, one post edited'),
      get('frontrow rebuild as a deploy, no dist/'),
      get('frontrow rebuild, one page edited'),
      get('bare-astro incremental'),
      get('bare-astro incremental rebuild'),
    ];
    const parts: string[] = [];
    if (front && bare) {
      parts.push(note('time {} bare', front.wallMs / bare.wallMs, times));
      parts.push(note('memory {} bare', front.peakMiB / bare.peakMiB, times));
      parts.push(note("Frontrow's own cost {} ms/post", (front.wallMs - bare.wallMs) / count, (v) => v.toFixed(2)));
    }
    if (front && rebuild) {
      parts.push(note('rebuild {} of cold', (100 * rebuild.wallMs) / front.wallMs, percent));
      // What the rebuild would be if Pagefind, which has no incremental mode, took no time.
      parts.push(note('{} without the search index', (100 * (rebuild.wallMs - searchMsOf(rebuild))) / front.wallMs, percent));
    }
    if (front && deployRebuild) parts.push(note('deploy rebuild {} of cold', (100 * deployRebuild.wallMs) / front.wallMs, percent));
    if (front && bareRebuild) parts.push(note("bare Astro's own rebuild {} of Frontrow's cold", (100 * bareRebuild.wallMs) / front.wallMs, percent));
    // The least any Astro site pays for this rebuild, against its own cold build.
    if (bareIncremental && bareRebuild) parts.push(note('{} of its own cold', (100 * bareRebuild.wallMs) / bareIncremental.wallMs, percent));
    if (front && pageRebuild) parts.push(note('page rebuild {} of cold', (100 * pageRebuild.wallMs) / front.wallMs, percent));
    if (parts.length) console.log(`run ${r}: ${parts.join(', ')}`);
  }
  if (runs > 1 && figures.size > 0) {
    const ranges = [...figures].map(([name, { values, format }]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const middle = sorted.length / 2;
      const median = Number.isInteger(middle) ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2 : (sorted[Math.floor(middle)] ?? 0);
      return name.replace('{}', `${format(sorted[0] ?? 0)}-${format(sorted.at(-1) ?? 0)} (median ${format(median)})`);
    });
    console.log(`all ${runs} runs: ${ranges.join(', ')}`);
  }
} finally {
  if (!values.keep) await rm(work, { recursive: true, force: true });
}
