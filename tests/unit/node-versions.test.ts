import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The Node promise (issue 14, point 2): the README's minimum is the one package.json declares
 * and the one CI runs npm with (.ci/run); the runtime npm installs is the one tests run on.
 */
const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('Node versions', () => {
  it('README, package.json engines and .ci/run agree on the oldest Node that runs npm', () => {
    const stated = /\[Node\.js\]\(https:\/\/nodejs\.org\/\) (\d+) or newer with its npm/.exec(read('README.md'))?.[1];
    expect(stated).toBeDefined();
    expect(JSON.parse(read('package.json')).engines.node).toBe(`>=${stated}`);
    expect(read('.ci/run')).toContain(`node@${stated} `);
  });

  it('the tests run on the Node the project brings (the `node` package, .nvmrc for the workflow)', () => {
    const pkg = JSON.parse(read('package.json'));
    const major = /\d+/.exec(pkg.devDependencies.node)?.[0];
    expect(read('.nvmrc').trim()).toBe(major);
    expect(process.versions.node.split('.')[0]).toBe(major);
  });
});
