import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { readRawFrontmatter, type RawFrontmatter } from './frontmatter.ts';
import { readMdx, type MdxReading } from './mdx-check.ts';
import { resolveCacheDir } from '../config/paths.ts';
import { writeWhole } from '../write-whole.ts';

/**
 * Every post's frontmatter (and an `.mdx` post's reading, `readMdx`), read once and kept between
 * runs, keyed by the file's exact text.
 * A build read each post's YAML three times: the content check of `npm run build` (another
 * process), the content loader (for the dates as typed) and the responses step; the `yaml`
 * package takes about 0.15 ms a post. Now the first reader parses it, the others (and the next
 * build) take the result from here. A changed file has another key, so it is read again; the
 * result is the same `readRawFrontmatter` gives (it is that function's result, kept).
 */

/** Bumped when `readRawFrontmatter` reads the same text differently: tests/unit/content-check.test.ts holds it to frontmatter.ts's digest. */
const FORMAT = 7;
/** A package's version, from its folder: satteri's exports leave out its package.json. */
function versionOf(name: string): string {
  for (const dir of createRequire(import.meta.url).resolve.paths(name) ?? []) {
    try {
      return (JSON.parse(readFileSync(path.join(dir, name, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // Not in this folder: the next one up.
    }
  }
  return 'unknown';
}
const VERSION = `${FORMAT}:${versionOf('yaml')}:${versionOf('satteri')}`;

interface Kept {
  data: Record<string, unknown>;
  /** Where the body starts in the text. */
  bodyStart: number;
  error?: string;
  mdx?: MdxReading;
}

interface Stored {
  version: string;
  entries: Map<string, Kept>;
}

export interface FrontmatterCache {
  /** `readRawFrontmatter(text)`, from the cache when this text was read before. Treat the data as read-only. */
  read(text: string): RawFrontmatter;
  /** `readMdx(text)`, from the cache when this text was read before. */
  readMdx(text: string): MdxReading;
  /** Writes what was added since the last save. `prune`: keep only the texts read by this process (the caller read every file). */
  save(options?: { prune?: boolean }): Promise<void>;
}

/** In the engine's cache folder (`resolveCacheDir`). */
export function frontmatterCacheFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.join(resolveCacheDir(env, cwd), 'frontrow-frontmatter.bin');
}

const keyOf = (text: string) => createHash('sha1').update(text).digest('base64');

const open = new Map<string, Promise<FrontmatterCache>>();

/** The one cache of a file for this process: every reader in it shares what was read. */
export function openFrontmatterCache(file = frontmatterCacheFile()): Promise<FrontmatterCache> {
  let cache = open.get(file);
  if (!cache) open.set(file, (cache = load(file)));
  return cache;
}

async function load(file: string): Promise<FrontmatterCache> {
  let entries = new Map<string, Kept>();
  try {
    const stored = deserialize(await readFile(file)) as Stored;
    if (stored?.version === VERSION && stored.entries instanceof Map) entries = stored.entries;
  } catch {
    // No cache yet, or an unreadable one: read every file.
  }
  const used = new Set<string>();
  let changed = false;
  const read = (text: string): RawFrontmatter => {
    const key = keyOf(text);
    used.add(key);
    const kept = entries.get(key);
    if (kept) return { data: kept.data, body: text.slice(kept.bodyStart), ...(kept.error === undefined ? {} : { error: kept.error }) };
    const fresh = readRawFrontmatter(text);
    entries.set(key, { data: fresh.data, bodyStart: text.length - fresh.body.length, ...(fresh.error === undefined ? {} : { error: fresh.error }) });
    changed = true;
    return fresh;
  };
  return {
    read,
    readMdx(text) {
      const key = keyOf(text);
      if (!entries.has(key)) read(text);
      const kept = entries.get(key)!;
      used.add(key);
      if (!kept.mdx) {
        kept.mdx = readMdx(text);
        changed = true;
      }
      return kept.mdx;
    },
    async save({ prune = false } = {}) {
      if (prune) {
        for (const key of entries.keys()) {
          if (!used.has(key)) {
            entries.delete(key);
            changed = true;
          }
        }
      }
      if (!changed) return;
      changed = false;
      try {
        // Whole or not at all: another process (the dev preview beside its wrapper) may read it now.
        await writeWhole(file, serialize({ version: VERSION, entries } satisfies Stored));
      } catch {
        // A cache that cannot be written costs the next run its reading, nothing else.
      }
    },
  };
}
