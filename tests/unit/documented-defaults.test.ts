import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/lib/config/errors.ts';
import { parseSiteConfig } from '../../src/lib/config/load.ts';

// The settings tables in docs/ are the writer's reference: docs/configuration.md for the site,
// and one table beside each feature. Every row is read from them and checked against the
// schema, so a default changed in one place and not the other fails.
const docs = (file: string) => readFileSync(path.resolve(import.meta.dirname, '../../docs', file), 'utf8');

const minimal = { title: 'My Blog', description: 'Notes.', url: 'https://me.example', author: { name: 'Me' } };
const defaults = parseSiteConfig(minimal) as unknown as Record<string, unknown>;

interface Row {
  /** `originality.rehashThreshold`, for test names. */
  name: string;
  section: string;
  setting: string;
  documented: string;
  /** The table cell as written. */
  cell: string;
}

/**
 * Rows of the first `| setting | default | meaning |` (or `| Key | Default | Meaning |`) table
 * after a heading of `file`. In a row naming several settings, a bare name after a dotted one
 * shares its prefix (`webmentions.perPage`, `fullRefreshDays`).
 */
function settingsTable(file: string, heading: string, section: string): Row[] {
  const text = docs(file);
  const start = text.search(new RegExp(`^#+ ${heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
  expect(start, `docs/${file}: heading "${heading}"`).toBeGreaterThan(-1);
  const lines = text.slice(start).split('\n');
  const header = lines.findIndex((l) => /^\| (setting|key)\b[^|]*\| default \| meaning \|/i.test(l));
  expect(header, `docs/${file}: a settings table under "${heading}"`).toBeGreaterThan(-1);
  const rows: Row[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const [settings, documented] = line
      .split('|')
      .slice(1, 3)
      .map((c) => c.trim()) as [string, string];
    const listed = [...settings.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    const prefix = listed[0]?.includes('.') ? listed[0].slice(0, listed[0].lastIndexOf('.') + 1) : '';
    const names = listed.map((name, i) => (i > 0 && !name.includes('.') ? prefix + name : name));
    const values = /^`/.test(documented) ? [...documented.matchAll(/`([^`]+)`/g)].map((m) => m[1]!) : names.map(() => documented);
    names.forEach((setting, i) =>
      rows.push({ name: section ? `${section}.${setting}` : setting, section, setting, documented: values[i] ?? documented, cell: documented }),
    );
  }
  return rows;
}

const rows = [
  ...settingsTable('configuration.md', 'Site settings', ''),
  ...settingsTable('originality.md', 'Configuration', 'originality'),
  ...settingsTable('blogroll.md', 'Settings', 'blogroll'),
  ...settingsTable('community.md', '7. Fetching, caching, failing well', ''),
  ...settingsTable('community.md', 'Sending Webmentions after a deploy', 'outreach'),
];

/** A documented default the test can read: code, `none`, `required`, `see …` or the nav labels. */
const READABLE = /^(`.*`|none|required|see .*|[A-Z]\w+(, [A-Z]\w+)+)$/;

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

function defaultOf({ section, setting }: Row): unknown {
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

describe('the settings tables in docs/', () => {
  it('are all found, with every row (the table reader works)', () => {
    expect(rows.length).toBeGreaterThanOrEqual(50);
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([
        'postsPerPage',
        'author.bio',
        'originality.rehashThreshold',
        'blogroll.riverPerPeer',
        'blogroll.privateHosts',
        'webmentions.fullRefreshDays',
        'social.maxAvatarBytes',
        'moderation.block',
        'outreach.maxAttempts',
      ]),
    );
  });

  it('give every default in a form the test can check', () => {
    expect(rows.filter((r) => !READABLE.test(r.cell)).map((r) => `${r.name}: ${r.cell}`)).toEqual([]);
  });

  it('document each setting once', () => {
    const names = rows.map((r) => r.name);
    expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
  });

  it('would catch a wrong default', () => {
    const row = rows.find((r) => r.name === 'blogroll.timeoutMs')!;
    expect(defaultOf(row)).not.toEqual(expected('`9999`'));
  });

  it.each(rows.filter((r) => r.documented === 'required'))('`$setting` is required, as documented', ({ setting }) => {
    expect(problemFieldsWithout(setting)).toContain(setting);
  });

  it.each(rows.filter((r) => r.documented !== 'required' && !r.documented.startsWith('see ')))('`$name` defaults to $documented, as documented', (row) => {
    expect(defaultOf(row)).toEqual(expected(row.documented));
  });

  it.each(rows.filter((r) => r.documented.startsWith('see ')))('`$setting` has its own table with its defaults', ({ setting }) => {
    expect(rows.filter((r) => r.section === setting || r.setting.startsWith(`${setting}.`)).length).toBeGreaterThan(0);
  });
});
