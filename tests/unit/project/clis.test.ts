import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Every command a writer runs (`npm run <name>` → scripts/<name>.ts) reads its command line the
 * one way, scripts/lib/cli.ts: node:util parseArgs, `--help`, exit 2 on bad usage. Helpers
 * shared by scripts and tests live in scripts/lib/, never beside the commands.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const scripts = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;

/** Commands that read their arguments another way, and why. A stale entry fails the test. */
const OTHER_WAYS: Record<string, string> = {
  'scripts/astro.ts': 'passes every argument on to the Astro CLI, which parses and documents them',
};

const commandFiles = [
  ...new Set(
    Object.values(scripts)
      .flatMap((line) => line.match(/scripts\/[\w-]+\.ts/g) ?? [])
      .filter((file) => !file.includes('/lib/')),
  ),
].sort();

describe('npm run commands', () => {
  it('all read their command line through scripts/lib/cli.ts', () => {
    const others = commandFiles.filter(
      (file) => !/import \{[^}]*\bparseCommandLine\b[^}]*\} from '\.\/lib\/cli\.ts'/.test(readFileSync(path.join(root, file), 'utf8')),
    );
    expect(others.sort()).toEqual(Object.keys(OTHER_WAYS).sort());
  });

  it('include the writer-facing ones this rule was written for', () => {
    expect(commandFiles).toEqual(
      expect.arrayContaining(['scripts/new.ts', 'scripts/audit.ts', 'scripts/blogroll.ts', 'scripts/inbox.ts', 'scripts/webmentions.ts']),
    );
  });

  it('keep shared helpers in scripts/lib/: every other .ts in scripts/ is a command', () => {
    const files = readdirSync(path.join(root, 'scripts')).filter((name) => name.endsWith('.ts'));
    expect(files.map((name) => `scripts/${name}`).filter((file) => !commandFiles.includes(file))).toEqual([]);
  });
});
