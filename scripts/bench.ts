#!/usr/bin/env node
// npm run bench -- --posts 1000 [--bare] [--keep]
// Builds a temporary copy of the site with N extra synthetic posts and prints wall time, time
// per page and peak memory; --bare also builds the same posts with a bare Astro project.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { syntheticPost } from '../src/lib/bench/synthetic-posts.ts';
import { resolveContentDir } from '../src/lib/config/paths.ts';

const root = path.resolve(import.meta.dirname, '..');
const astroBin = path.join(root, 'node_modules/astro/bin/astro.mjs');
const probe = path.join(root, 'scripts/bench-memory-probe.mjs');

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '100' },
    bare: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});
const count = Number(values.posts);
if (!Number.isInteger(count) || count < 1) {
  console.error('--posts must be a positive whole number, e.g. --posts 1000');
  process.exit(2);
}

interface Measure {
  label: string;
  pages: number;
  wallMs: number;
  peakMiB: number;
}

async function measureBuild(label: string, cwd: string, env: NodeJS.ProcessEnv, outDir: string): Promise<Measure> {
  const peakMemoryFile = path.join(outDir, '..', `${label}.peak-memory`);
  const started = performance.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, ['--import', probe, astroBin, 'build'], {
      cwd,
      env: { ...process.env, ...env, FRONTROW_BENCH_PEAK_MEMORY_FILE: peakMemoryFile, ASTRO_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('close', (c) => resolve(c ?? 1));
  });
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${label} build failed with exit code ${code}`);
  const entries = await readdir(outDir, { recursive: true });
  const pages = entries.filter((f) => f.endsWith('.html')).length;
  const peakMiB = Number(await readFile(peakMemoryFile, 'utf8')) / 1024;
  return { label, pages, wallMs, peakMiB };
}

async function writePosts(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const post = syntheticPost(i);
    await writeFile(path.join(dir, post.fileName), post.text);
  }
}

async function frontrowBuild(work: string): Promise<Measure> {
  const content = path.join(work, 'content');
  await cp(resolveContentDir(), content, { recursive: true });
  await writePosts(path.join(content, 'posts', 'bench'));
  const outDir = path.join(work, 'dist');
  return measureBuild('frontrow', root, {
    FRONTROW_CONTENT_DIR: content,
    FRONTROW_OUT_DIR: outDir,
    FRONTROW_CACHE_DIR: path.join(work, 'cache'),
    FRONTROW_OFFLINE: '1',
  }, outDir);
}

/** The same posts through the smallest Astro site that renders them: a baseline. */
async function bareBuild(work: string): Promise<Measure> {
  const project = path.join(work, 'bare');
  await mkdir(path.join(project, 'src/pages/posts'), { recursive: true });
  await symlink(path.join(root, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  await writeFile(path.join(project, 'package.json'), '{ "type": "module", "private": true }\n');
  await writeFile(path.join(project, 'astro.config.mjs'), 'export default { site: "https://bare.example" };\n');
  await writePosts(path.join(project, 'posts'));
  await writeFile(
    path.join(project, 'src/content.config.ts'),
    `import { defineCollection } from 'astro:content';\nimport { glob } from 'astro/loaders';\nimport { z } from 'astro/zod';\n` +
      `export const collections = { posts: defineCollection({ loader: glob({ pattern: '**/*.md', base: './posts' }), ` +
      `schema: z.object({ title: z.string(), description: z.string(), pubDate: z.coerce.date(), tags: z.array(z.string()) }) }) };\n`,
  );
  await writeFile(
    path.join(project, 'src/pages/posts/[...id].astro'),
    `---\nimport { getCollection, render } from 'astro:content';\nexport async function getStaticPaths() {\n  return (await getCollection('posts')).map((post) => ({ params: { id: post.id }, props: { post } }));\n}\nconst { post } = Astro.props;\nconst { Content } = await render(post);\n---\n<html><head><title>{post.data.title}</title></head><body><h1>{post.data.title}</h1><Content /></body></html>\n`,
  );
  await writeFile(
    path.join(project, 'src/pages/index.astro'),
    `---\nimport { getCollection } from 'astro:content';\nconst posts = await getCollection('posts');\n---\n<html><head><title>Bare</title></head><body><ul>{posts.map((p) => <li><a href={'/posts/' + p.id + '/'}>{p.data.title}</a></li>)}</ul></body></html>\n`,
  );
  return measureBuild('bare-astro', project, {}, path.join(project, 'dist'));
}

const work = await mkdtemp(path.join(tmpdir(), 'frontrow-bench-'));
try {
  console.log(`Building with ${count} synthetic posts (in ${work})…`);
  const results = [await frontrowBuild(work)];
  if (values.bare) results.push(await bareBuild(work));
  console.log('');
  console.log('build        posts   pages   wall time   per page   peak memory');
  for (const r of results) {
    console.log(
      `${r.label.padEnd(12)} ${String(count).padStart(5)}  ${String(r.pages).padStart(6)}  ${(r.wallMs / 1000).toFixed(1).padStart(8)} s  ${(r.wallMs / r.pages).toFixed(1).padStart(6)} ms  ${r.peakMiB.toFixed(0).padStart(7)} MiB`,
    );
  }
} finally {
  if (!values.keep) await rm(work, { recursive: true, force: true });
}
