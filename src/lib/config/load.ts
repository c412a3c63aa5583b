import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError, toConfigError } from './errors.ts';
import { siteConfigSchema, type SiteConfig } from './schema.ts';

export const SITE_CONFIG_FILE = 'site.config.ts';

/** Validate a raw configuration object; `file` names it in error messages. */
export function parseSiteConfig(raw: unknown, file = `content/${SITE_CONFIG_FILE}`): SiteConfig {
  const result = siteConfigSchema.safeParse(raw);
  if (!result.success) throw toConfigError(file, result.error, siteConfigSchema);
  return result.data;
}

/** Load and validate `<contentDir>/site.config.ts`. */
export async function loadSiteConfig(contentDir: string): Promise<SiteConfig> {
  const file = path.resolve(contentDir, SITE_CONFIG_FILE);
  const relative = path.relative(process.cwd(), file);
  const shown = relative && !relative.startsWith('..') ? relative : file;
  if (!existsSync(file)) {
    throw new ConfigError(shown, [{ field: '(file)', message: 'not found: create it (see README, "Configuration")' }]);
  }
  // A digest of the text in the URL: an edited config is read anew, never served from Node's
  // module cache (a dev server reloads its settings in the same process). Not the modification
  // time: two saves within the clock's granularity can share it.
  const digest = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
  const url = `${pathToFileURL(file).href}?v=${digest}`;
  const mod = (await import(/* @vite-ignore */ url)) as { default?: unknown };
  return parseSiteConfig(mod.default, shown);
}
