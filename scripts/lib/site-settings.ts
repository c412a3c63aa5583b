import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Adds settings to a copy of a content folder's `site.config.ts` (the benchmarks' and tests'
 * sites), before its closing `} satisfies SiteConfigInput;`; each value written as JSON.
 */
export async function addSiteSettings(contentDir: string, settings: Record<string, unknown>): Promise<void> {
  const file = path.join(contentDir, 'site.config.ts');
  const source = await readFile(file, 'utf8');
  const lines = Object.entries(settings).map(([name, value]) => `  ${name}: ${JSON.stringify(value)},\n`);
  const patched = source.replace(/\n\} satisfies SiteConfigInput;/, `\n${lines.join('')}} satisfies SiteConfigInput;`);
  if (patched === source) throw new Error(`could not add ${Object.keys(settings).join(', ')} to ${file}`);
  await writeFile(file, patched);
}
