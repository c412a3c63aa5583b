import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
const section = (title: string) => readme.split(/^## /m).find((s) => s.startsWith(title)) ?? '';

describe('README quick start', () => {
  it('begins with creating your own repository, then the two commands', () => {
    const quick = section('Quick start');
    const template = quick.search(/Use this template/);
    const clone = quick.search(/git clone/);
    const commands = quick.search(/npm install && npm run dev/);
    expect(template).toBeGreaterThan(-1);
    expect(quick).toMatch(/Fork/);
    expect(template).toBeLessThan(clone);
    expect(clone).toBeLessThan(commands);
  });
});
