import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyContent, fixtureContent, runAstro, siteEnv } from '../helpers/astro.ts';

// `npm run check` = `astro check`: strict TypeScript over the engine, plus content validation.
async function check(contentDir: string) {
  const work = await mkdtemp(path.join(tmpdir(), 'frontrow-check-'));
  return runAstro(['check'], siteEnv(contentDir, path.join(work, 'dist'), path.join(work, 'cache')));
}

describe('npm run check', () => {
  it('passes on the engine and the fixture site with no type errors', async () => {
    const result = await check(fixtureContent);
    expect(result.output).toMatch(/- 0 errors/);
    expect(result.code).toBe(0);
  }, 180_000);

  it('fails on bad frontmatter, naming the file and the field', async () => {
    const content = await copyContent();
    await writeFile(path.join(content, 'posts', 'no-title.md'), '---\ndescription: Missing a title.\npubDate: 2024-01-01\n---\nText.\n');
    const result = await check(content);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('no-title.md');
    expect(result.output).toMatch(/title/);
  }, 180_000);
});
