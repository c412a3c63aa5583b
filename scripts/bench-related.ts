/**
 * Cost of "related posts" in a build: `relatedPosts` asked once per post page, as
 * src/data/originality.ts does, on synthetic archives (src/lib/bench/synthetic-posts.ts).
 *
 *   npm run bench:related -- [--sizes 1000,5000,10000] [--sample 0] [--dump <prefix>]
 *
 * Per size: the index build (first call), then every post's related posts (k = 3, the site's
 * 0.05 floor), total and per post, and a digest of all answers so two checkouts can be compared
 * (copy this file into the other checkout's scripts/ and run it there). `--sample n` asks for
 * n evenly spread posts only (quicker on the old O(N²) code); `--dump <prefix>` writes the answers.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticPost } from '../src/lib/bench/synthetic-posts.ts';
import { originalityConfigSchema } from '../src/lib/originality/config.ts';
import { relatedPosts } from '../src/lib/originality/index.ts';
import { parseCommandLine } from './lib/cli.ts';

const parsed = parseCommandLine(
  { sizes: { type: 'string', default: '1000,5000,10000' }, sample: { type: 'string', default: '0' }, dump: { type: 'string' } },
  'usage: npm run bench:related -- [--sizes 1000,5000,10000] [--sample <n>] [--dump <prefix>]',
);
if (parsed.exit !== undefined) process.exit(parsed.exit);
const { values } = parsed;
const config = { ...originalityConfigSchema.parse(undefined), relatedThreshold: 0.05 };
const now = new Date('2025-06-01T00:00:00Z');
const work = mkdtempSync(join(tmpdir(), 'frontrow-related-bench-'));
try {
  for (const n of values.sizes.split(',').map(Number)) {
    const postsDir = join(work, `posts-${n}`);
    mkdirSync(postsDir, { recursive: true });
    const files: string[] = [];
    for (let i = 0; i < n; i++) {
      const post = syntheticPost(i);
      files.push(join(postsDir, post.fileName));
      writeFileSync(files[i]!, post.text);
    }
    const cacheDir = join(work, `cache-${n}`);
    const ask = (file: string) => relatedPosts({ postsDir, file, k: 3, config, cacheDir, now });
    let started = performance.now();
    await ask(files[0]!);
    const buildMs = performance.now() - started;
    const sample = Number(values.sample);
    const asked = sample > 0 ? files.filter((_, i) => i % Math.ceil(n / sample) === 0) : files;
    const digest = createHash('sha1');
    started = performance.now();
    const cpu = process.cpuUsage();
    const answers: unknown[] = [];
    for (const file of asked) {
      const answer = await ask(file);
      answers.push(answer.map((a) => `${a.file.replace(/^.*\//, '')} ${a.score}`));
      digest.update(JSON.stringify(answer));
    }
    if (values.dump) writeFileSync(`${values.dump}-${n}.json`, JSON.stringify(answers, null, 1));
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const cpuMs = (used.user + used.system) / 1000;
    console.log(
      `${n} posts: index ${(buildMs / 1000).toFixed(1)} s; related posts for ${asked.length} posts ${(ms / 1000).toFixed(2)} s (CPU ${(cpuMs / 1000).toFixed(2)} s), ${(ms / asked.length).toFixed(2)} ms a post; answers ${digest.digest('hex').slice(0, 12)}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
