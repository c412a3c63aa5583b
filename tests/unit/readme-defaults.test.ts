import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/config/errors.ts';
import { parseSiteConfig } from '../../src/lib/config/load.ts';

// The README's settings tables are the writer's reference. Every row is read from README.md
// and checked against the schema, so a default changed in one place and not the other fails.
const README = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');

const minimal = { title: 'My Blog', description: 'Notes.', url: 'https://me.example', author: { name: 'Me' } };
const defaults = parseSiteConfig(minimal) as unknown as Record<string, unknown>;

interface Row {
  /** `originality.rehashThreshold`, for test names. */
  name: string;
  section: string;
  setting: string;
  documented: string;
}

/** Rows of the first `| setting | default | meaning |` table after a `## heading`. */
function settingsTable(heading: string, section: string): Row[] {
  const start = README.indexOf(`\n## ${heading}`);
  expect(start, `README section "${heading}"`).toBeGreaterThan(-1);
  const lines = README.slice(start).split('\n');
  const header = lines.findIndex((l) => /^\| setting \| default \| meaning \|/.test(l));
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [settings, documented] = line.split('|').slice(1, 3).map((c) => c.trim()) as [string, string];
    const names = [...settings.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const values = /^`/.test(documented) ? [...documented.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) : names.map(() => documented);
    names.forEach((setting, i) => rows.push({ name: section ? `${section}.${setting}` : setting, section, setting, documented: values[i] ?? documented }));
  }
  return rows;
}

const rows = [
  ...settingsTable('Configuration', ''),
  ...settingsTable('Originality', 'originality'),
  ...settingsTable('Blogroll', 'blogroll'),
  ...settingsTable('Hearing back', ''),
  ...settingsTable('Reaching out', ''),
];

/** What the README's words mean as a value. */
function expected(documented: string): unknown {
  if (documented === 'none') return undefined;
  if (/^[A-Z]\w+(, [A-Z]\w+)+$/.test(documented)) return documented.split(', '); // nav labels
  if (/^'.*'$/.test(documented)) return documented.slice(1, -1);
  try {
    return JSON.parse(documented);
  } catch {
    return documented; // a bare word such as en or /
  }
}

function valueOf({ section, setting }: Row): unknown {
  const [head, ...rest] = setting.split('.');
  let value = section ? (defaults[section] as Record<string, unknown>)[head!] : defaults[head!];
  for (const key of rest) value = (value as Record<string, unknown> | undefined)?.[key];
  if (setting === 'nav') return (value as { label: string }[]).map((n) => n.label);
  return value;
}

function problemFieldsWithout(setting: string): string[] {
  const [head, key] = setting.split('.');
  const raw: Record<string, unknown> = structuredClone(minimal);
  if (key) delete (raw[head!] as Record<string, unknown>)[key];
  else delete raw[head!];
  try {
    parseSiteConfig(raw);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.field);
  }
  return [];
}

describe('the README settings tables', () => {
  it('document every setting of the three tables (the table reader found them)', () => {
    expect(rows.length).toBeGreaterThanOrEqual(30);
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(['postsPerPage', 'originality.rehashThreshold', 'blogroll.riverPerPeer', 'blogroll.maxBytes']),
    );
  });

  it.each(rows.filter((r) => r.documented === 'required'))('`$setting` is required, as documented', ({ setting }) => {
    expect(problemFieldsWithout(setting)).toContain(setting);
  });

  it.each(rows.filter((r) => r.documented !== 'required' && !r.documented.startsWith('see ')))(
    '`$name` defaults to $documented, as documented',
    (row) => {
      expect(valueOf(row)).toEqual(expected(row.documented));
    },
  );

  it.each(rows.filter((r) => r.documented.startsWith('see ')))('`$setting` has its own table with its defaults', ({ setting }) => {
    expect(rows.filter((r) => r.section === setting || r.setting.startsWith(`${setting}.`)).length).toBeGreaterThan(0);
  });
});
