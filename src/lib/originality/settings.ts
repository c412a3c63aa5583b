import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OriginalityConfig } from './config.ts';

/**
 * The `originality` settings, validated once and then remembered. Validation needs Zod, and
 * loading Zod costs about 75 ms of CPU, a quarter of a warm `npm run originality`. So the
 * validated settings are kept in a small JSON file in the cache folder, keyed by the raw
 * section and by the schema's source (a new default or rule means a new key); `validate` runs
 * only on a miss, and its errors reach the caller unchanged. Only valid settings are kept.
 */
export async function rememberedSettings(raw: unknown, cacheDir: string, validate: () => Promise<OriginalityConfig>): Promise<OriginalityConfig> {
  const schema = readFileSync(new URL('./config.ts', import.meta.url));
  const key = createHash('sha1')
    .update(schema)
    .update('\0')
    .update(JSON.stringify(raw ?? null))
    .digest('hex')
    .slice(0, 16);
  const file = join(cacheDir, `settings-${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as OriginalityConfig;
  } catch {
    // Not validated yet (or unreadable): validate below.
  }
  const settings = await validate();
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(settings));
    renameSync(temporary, file);
  } catch {
    // A read-only cache only costs the next run the validation.
  }
  return settings;
}
