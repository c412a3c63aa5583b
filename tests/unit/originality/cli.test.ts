import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript } from '../../helpers/cli.ts';
import { fixture, FIXTURE_POSTS, tempDir } from './helpers.ts';

/**
 * `npm run originality` in this process (tests/helpers/cli.ts runScript): its arguments,
 * environment and output as a child process would have them. One test below spawns the real
 * command (the smoke test), and the site-config test spawns it too, as it rewrites a
 * site.config.ts that a module cache would keep.
 */
async function cli(...args: string[]) {
  const result = await runScript('originality.ts', ['--posts', FIXTURE_POSTS, '--cache', cacheDir, ...args], {
    NO_COLOR: '1',
    // The fixture site's settings, never the writer's content/site.config.ts; no peers unless a
    // test names a feed cache: the repository's own cache must not matter.
    FRONTROW_CONTENT_DIR: 'tests/fixtures/site/content',
    FRONTROW_FEED_CACHE: join(cacheDir, 'no-feed-cache.json'),
  });
  return { status: result.code, stdout: result.stdout, stderr: result.stderr };
}
const cacheDir = tempDir('cli');

describe('npm run originality', () => {
  it('--json prints exactly the JSON report on stdout', async () => {
    // --fail-on none: independent of the `originality.failOn` of the repository's site config.
    const { status, stdout, stderr } = await cli('--json', '--fail-on', 'none', fixture('draft-light-rehash-weekly-review.md'));
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['archive', 'thresholds', 'drafts', 'timings']);
    expect(report.drafts).toHaveLength(1);
    expect(report.drafts[0].verdict).toBe('rehash');
    expect(report.drafts[0].file).toBe('tests/fixtures/originality/posts/draft-light-rehash-weekly-review.md');
    expect(Object.keys(report.drafts[0])).toEqual(['file', 'title', 'verdict', 'words', 'note', 'matches']);
    expect(Object.keys(report.drafts[0].matches[0])).toEqual([
      'file',
      'title',
      'date',
      'kind',
      'score',
      'topicScore',
      'reuse',
      'terms',
      'phrases',
      'sections',
      'passages',
    ]);
  });

  it('--fail-on rehash exits 1 on a rehash, 0 on a passage; --fail-on passage exits 1 on both', async () => {
    expect((await cli('--fail-on', 'rehash', fixture('draft-heavy-rehash-tags.md'))).status).toBe(1);
    expect((await cli('--fail-on', 'rehash', fixture('draft-reused-paragraph-decision-journal.md'))).status).toBe(0);
    expect((await cli('--fail-on', 'passage', fixture('draft-reused-paragraph-decision-journal.md'))).status).toBe(1);
    expect((await cli('--fail-on', 'passage', fixture('draft-heavy-rehash-tags.md'))).status).toBe(1);
    expect((await cli('--fail-on', 'passage', fixture('draft-original-voice-memos.md'))).status).toBe(0);
  });

  it('reports peers from the feed cache as "peer" matches, which --fail-on ignores', async () => {
    const peers = resolve('tests/fixtures/originality/peers/blogroll-feeds.json');
    const draft = fixture('draft-original-voice-memos.md');
    const { status, stdout } = await cli('--json', '--fail-on', 'passage', '--peers', peers, draft);
    expect(status).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.thresholds.peer).toBe(0.32);
    expect(report.drafts[0].verdict).toBe('original');
    const peer = report.drafts[0].matches.find((m: { kind: string }) => m.kind === 'peer');
    expect(peer).toMatchObject({ kind: 'peer', peer: 'Ines Barros', url: 'https://ines.example/2026/voice-memos/', date: '2026-05-20' });
    // The same cache through the environment, as `npm run build` finds it, with the real command
    // spawned (this file's smoke test); --no-peers turns it off.
    const text = spawnSync(process.execPath, ['scripts/originality.ts', '--posts', FIXTURE_POSTS, '--cache', cacheDir, '--fail-on', 'passage', draft], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FRONTROW_FEED_CACHE: peers },
    });
    expect(text.status).toBe(0);
    expect(text.stdout.replace(/\s+/g, ' ')).toContain('Ines Barros wrote about this on 2026-05-20: link to them, add what only you can say.');
    expect(
      JSON.parse((await cli('--json', '--peers', peers, '--no-peers', draft)).stdout).drafts[0].matches.some((m: { kind: string }) => m.kind === 'peer'),
    ).toBe(false);
  });

  it('a named published post is checked as a draft and left out of the archive', async () => {
    const { stdout } = await cli('--json', fixture('2023-01-08-the-weekly-review.md'));
    const report = JSON.parse(stdout);
    expect(report.archive.posts).toBe(10);
    expect(report.drafts[0].matches.every((m: { file: string }) => !m.file.endsWith('2023-01-08-the-weekly-review.md'))).toBe(true);
  });

  it('exits 2 with a clear message on a missing file, broken frontmatter or a bad option', async () => {
    const missing = await cli('nope.md');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/originality: nope\.md: file not found/);
    const broken = join(tempDir('cli-broken'), 'broken.md');
    writeFileSync(broken, '---\ntitle: x\n');
    const bad = await cli(broken);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/frontmatter is opened with --- but never closed/);
    expect((await cli('--fail-on', 'sometimes')).status).toBe(2);
    expect((await cli('--archive')).status).toBe(2);
  });

  it('--archive uses every non-draft .md, .mdx and .txt file of a folder', async () => {
    const archive = tempDir('cli-archive');
    writeFileSync(join(archive, 'capture-trap.txt'), 'Saving every interesting thing feels productive. '.repeat(3));
    writeFileSync(join(archive, 'draft.md'), '---\ntitle: A draft\ndraft: true\n---\nNot part of the archive.\n');
    const { stdout } = await cli('--json', '--archive', archive, fixture('draft-off-topic-sourdough.md'));
    const report = JSON.parse(stdout);
    expect(report.archive.posts).toBe(1);
  });

  it('prints a readable report that fits 100 columns, without colour when not a TTY', async () => {
    const { status, stdout } = await cli(
      '--fail-on',
      'none',
      fixture('draft-reused-paragraph-decision-journal.md'),
      fixture('draft-light-rehash-weekly-review.md'),
    );
    expect(status).toBe(0);
    expect(stdout).toMatch(/REUSED PASSAGE/);
    expect(stdout).toMatch(/REHASH/);
    expect(stdout).toMatch(/Write reading notes in your own words/);
    expect(stdout).toMatch(/draft \d+-\d+ +│ archive \d+-\d+/);
    expect(stdout).not.toMatch(/\x1b\[/);
    for (const line of stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('reads the originality section of the site config: a bad value names the file and field, a changed one applies', () => {
    const site = tempDir('cli-site');
    // A content folder of its own (FRONTROW_CONTENT_DIR), as the site build reads it.
    mkdirSync(join(site, 'words'));
    const script = resolve('scripts/originality.ts');
    const run = (originality: string) => {
      writeFileSync(join(site, 'words', 'site.config.ts'), `export default { title: 'Elsewhere', originality: ${originality} };\n`);
      return spawnSync(process.execPath, [script, '--posts', FIXTURE_POSTS, '--cache', join(site, 'cache'), '--json', fixture('draft-heavy-rehash-tags.md')], {
        cwd: site,
        encoding: 'utf8',
        env: { ...process.env, FRONTROW_CONTENT_DIR: 'words', FRONTROW_FEED_CACHE: join(site, 'no-feed-cache.json') },
      });
    };
    const bad = run('{ rehashThreshold: 2 }');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/words\/site\.config\.ts has a problem:\n {2}- originality\.rehashThreshold: /);
    // Valid settings are remembered between runs; a new value is a new entry, never a stale one.
    expect(JSON.parse(run('{ rehashThreshold: 0.9 }').stdout).drafts[0].verdict).toBe('original');
    expect(JSON.parse(run('{ rehashThreshold: 0.9 }').stdout).thresholds.rehash).toBe(0.9);
    expect(JSON.parse(run('{ rehashThreshold: 0.2, failOn: "rehash" }').stdout).drafts[0].verdict).toBe('rehash');
    expect(run('{ rehashThreshold: 0.2, failOn: "rehash" }').status).toBe(1);
  });
});
