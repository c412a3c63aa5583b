import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScript, spawnScript } from '../../helpers/cli.ts';
import { fixture, FIXTURE_POSTS, tempDir } from './helpers.ts';

// `npm run originality` in this process (tests/helpers/cli.ts), from a folder with no content/:
// the repository's own site config (and its failOn) plays no part. The first test spawns the
// real command once.
const cacheDir = tempDir('cli');
const workingDir = tempDir('cli-cwd');
const argsFor = (args: string[]) => ['--posts', FIXTURE_POSTS, '--cache', cacheDir, ...args];
async function cli(...args: string[]) {
  const { code, stdout, stderr } = await runScript('originality.ts', argsFor(args), { NO_COLOR: '1' }, { cwd: workingDir });
  return { status: code, stdout, stderr };
}

describe('npm run originality', () => {
  it('--json prints exactly the JSON report on stdout', async () => {
    const { code: status, stdout, stderr } = await spawnScript('originality.ts', argsFor(['--json', fixture('draft-light-rehash-weekly-review.md')]), { NO_COLOR: '1' }, { cwd: workingDir });
    expect(status).toBe(0);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['archive', 'drafts', 'timings']);
    expect(report.drafts).toHaveLength(1);
    expect(report.drafts[0].verdict).toBe('rehash');
    expect(report.drafts[0].file).toMatch(/(^|\/)tests\/fixtures\/originality\/posts\/draft-light-rehash-weekly-review\.md$/);
    expect(Object.keys(report.drafts[0].matches[0])).toEqual(['file', 'title', 'date', 'kind', 'score', 'terms', 'phrases', 'sections', 'passages']);
  });

  it('--fail-on rehash exits 1 on a rehash, 0 on a passage; --fail-on passage exits 1 on both', async () => {
    expect((await cli('--fail-on', 'rehash', fixture('draft-heavy-rehash-tags.md'))).status).toBe(1);
    expect((await cli('--fail-on', 'rehash', fixture('draft-reused-paragraph-decision-journal.md'))).status).toBe(0);
    expect((await cli('--fail-on', 'passage', fixture('draft-reused-paragraph-decision-journal.md'))).status).toBe(1);
    expect((await cli('--fail-on', 'passage', fixture('draft-heavy-rehash-tags.md'))).status).toBe(1);
    expect((await cli('--fail-on', 'passage', fixture('draft-original-voice-memos.md'))).status).toBe(0);
  });

  it('a named published post is checked as a draft and left out of the archive', async () => {
    const { stdout } = (await cli('--json', fixture('2023-01-08-the-weekly-review.md')));
    const report = JSON.parse(stdout);
    expect(report.archive.posts).toBe(10);
    expect(report.drafts[0].matches.every((m: { file: string }) => !m.file.endsWith('2023-01-08-the-weekly-review.md'))).toBe(true);
  });

  it('exits 2 with a clear message on a missing file, broken frontmatter or a bad option', async () => {
    const missing = (await cli('nope.md'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/originality: nope\.md: file not found/);
    const broken = join(tempDir('cli-broken'), 'broken.md');
    writeFileSync(broken, '---\ntitle: x\n');
    const bad = (await cli(broken));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/frontmatter is opened with --- but never closed/);
    expect((await cli('--fail-on', 'sometimes')).status).toBe(2);
    expect((await cli('--archive')).status).toBe(2);
  });

  it('--archive uses every non-draft .md, .mdx and .txt file of a folder', async () => {
    const archive = tempDir('cli-archive');
    writeFileSync(join(archive, 'capture-trap.txt'), 'Saving every interesting thing feels productive. '.repeat(3));
    writeFileSync(join(archive, 'draft.md'), '---\ntitle: A draft\ndraft: true\n---\nNot part of the archive.\n');
    const { stdout } = (await cli('--json', '--archive', archive, fixture('draft-off-topic-sourdough.md')));
    const report = JSON.parse(stdout);
    expect(report.archive.posts).toBe(1);
  });

  it('prints a readable report that fits 100 columns, without colour when not a TTY', async () => {
    const { status, stdout } = (await cli('--fail-on', 'none', fixture('draft-reused-paragraph-decision-journal.md'), fixture('draft-light-rehash-weekly-review.md')));
    expect(status).toBe(0);
    expect(stdout).toMatch(/REUSED PASSAGE/);
    expect(stdout).toMatch(/REHASH/);
    expect(stdout).toMatch(/Write reading notes in your own words/);
    expect(stdout).toMatch(/draft \d+-\d+ +│ archive \d+-\d+/);
    expect(stdout).not.toMatch(/\x1b\[/);
    for (const line of stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});
