import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../../..');
const workflow = (name: string) => parse(readFileSync(path.join(root, '.github/workflows', name), 'utf8'));
type Step = { run?: string; uses?: string; with?: Record<string, unknown> };
const runs = (steps: Step[]) => steps.map((s) => s.run).filter(Boolean);

// A writer's edits in content/ must never fail a deploy: a deploy waits only on the writer's
// own site (check + build), never on the engine's suite.
describe('deploy workflow', () => {
  const deploy = workflow('deploy.yml');
  const jobs = deploy.jobs as Record<string, { needs?: string | string[]; steps?: Step[]; if?: string }>;

  it('publishes on pushes to main, daily and by hand', () => {
    expect(Object.keys(deploy.on).sort()).toEqual(['push', 'schedule', 'workflow_dispatch']);
    expect(deploy.on.push.branches).toEqual(['main']);
    expect(deploy.on.push.paths ?? deploy.on.push['paths-ignore']).toBeUndefined();
  });

  it('waits only on npm run check and the build', () => {
    const allRuns = Object.values(jobs).flatMap((j) => runs(j.steps ?? []));
    expect(allRuns.some((r) => /npm (run )?test\b/.test(r!))).toBe(false);
    const build = jobs['build']!;
    expect(build.needs).toBeUndefined();
    expect(build.if).toBeUndefined();
    const steps = runs(build.steps!);
    expect(steps.indexOf('npm run check')).toBeGreaterThan(-1);
    expect(steps.indexOf('npm run check')).toBeLessThan(steps.indexOf('npm run build'));
    expect(jobs['deploy']!.needs).toBe('build');
  });

  it('uploads hidden files, so /.well-known/ is published', () => {
    const upload = jobs['build']!.steps!.find((s) => s.uses?.startsWith('actions/upload-pages-artifact'));
    expect(upload?.with?.['include-hidden-files']).toBe(true);
    expect(upload?.with?.['path']).toBe('dist');
  });
});

describe('test workflow', () => {
  const test = workflow('test.yml');

  it('runs the engine suite on pull requests and on pushes outside content/ and public/', () => {
    expect(test.on).toHaveProperty('pull_request');
    expect(test.on.pull_request?.paths ?? test.on.pull_request?.['paths-ignore']).toBeUndefined();
    expect(test.on.push['paths-ignore']).toEqual(['content/**', 'public/**']);
    const steps = runs(test.jobs.test.steps);
    expect(steps).toContain('npm test');
  });
});

// The writer's content/ is theirs to replace: no test may read it (tests read fixtures).
describe('tests never read content/', () => {
  const files = readdirSync(path.join(root, 'tests'), { recursive: true, encoding: 'utf8' }).filter(
    (f) => /\.(ts|mjs|js)$/.test(f) && !f.startsWith('fixtures'),
  );
  it.each(files)('%s', (file) => {
    const text = readFileSync(path.join(root, 'tests', file), 'utf8');
    // A path built from the repository root into the writer's content folder.
    // (A scratch folder that a test names "content" is its own copy, not the writer's.)
    expect(text).not.toMatch(/(join|resolve)\(\s*(repoRoot|root|process\.cwd\(\)|import\.meta\.dirname|['"`])[^)]*['"`]content(\/[^'"`]*)?['"`]/);
  });
});
