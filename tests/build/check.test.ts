import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixtureContent, runAstro, siteEnv, workDir } from '../helpers/astro.ts';

// `npm run check` = `astro check`: strict TypeScript over the engine, plus content validation.
// One run, on the fixture site: content validation is the same `astro sync` step that a build
// runs first, and invalid-content.test.ts specifies its messages on builds.
describe('npm run check', () => {
  it('passes on the engine and the fixture site with no type errors', async () => {
    const work = await workDir('check');
    const result = await runAstro(['check'], siteEnv(fixtureContent, path.join(work, 'dist'), path.join(work, 'cache')));
    expect(result.output).toMatch(/- 0 errors/);
    expect(result.code).toBe(0);
  }, 400_000);
});
