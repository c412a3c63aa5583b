import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Plugin, ViteDevServer } from 'vite';
import { loadSiteConfig, SITE_CONFIG_FILE } from '../lib/config/load.ts';
import { contentFiles, fileWarnings } from '../lib/content/check-site.ts';
import { addressOf, isEntryFile } from '../lib/content/entry-files.ts';
import { openFrontmatterCache } from '../lib/content/frontmatter-cache.ts';
import { entryId } from '../lib/content/slug.ts';
import { CONTENT_KINDS, problemLine, sharedAddressLine, validateContentText, type ContentKind } from '../lib/content/validate.ts';
import { mapLimit } from '../lib/map-limit.ts';

/** Told of each post, page and blogroll entry the preview reads (at the start, at each save) and of each deleted. */
export interface EntryObserver {
  seen(file: string, kind: ContentKind, data: Record<string, unknown>, id: string): void;
  gone(file: string): void;
}

/**
 * Dev preview only: a post, page or settings edit the engine cannot use is shown in the browser,
 * in Astro's error overlay, naming the file, the field and the fix (the terminal is not where a
 * writer looks). Re-checked on every save; a fixed file clears it and the page reloads. What it
 * reads of each file is passed on to `observers` (the preview's old addresses).
 */
export function contentOverlay(contentDir: string, observers: readonly EntryObserver[] = []): Plugin {
  /** Each file's problems, as lines; `addresses` holds each post's and page's, to find two at one. */
  const problems = new Map<string, string[]>();
  /** Each file's warnings as last said, so a save says only what changed; the check said them at the start. */
  const warned = new Map<string, string[]>();
  let logger: ViteDevServer['config']['logger'] | undefined;
  const addresses = new Map<string, string>();
  const kindOf = (file: string): ContentKind | undefined => {
    const [kind, ...rest] = path.relative(contentDir, file).split(path.sep);
    return CONTENT_KINDS.includes(kind as ContentKind) && isEntryFile(rest.join('/'), kind as ContentKind) ? (kind as ContentKind) : undefined;
  };
  const configFile = path.join(contentDir, SITE_CONFIG_FILE);
  /** `text`: the file as just read (the start reads them all at once); otherwise read now. */
  const recheck = async (file: string, text?: string) => {
    if (file === configFile) {
      // A good edit restarts the whole preview (scripts/astro.ts); a broken one is shown here.
      try {
        await loadSiteConfig(contentDir);
        problems.delete(file);
      } catch (error) {
        problems.set(file, [(error as Error).message, 'The preview keeps your previous settings until this is fixed.']);
      }
      return true;
    }
    const kind = kindOf(file);
    if (!kind) return false;
    text ??= await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) {
      // Deleted: nothing left to say about it.
      addresses.delete(file);
      problems.delete(file);
      for (const observer of observers) observer.gone(file);
      return true;
    }
    const cache = await openFrontmatterCache();
    const frontmatter = cache.read(text);
    const id = entryId(path.relative(path.join(contentDir, kind), file), frontmatter.data['slug']);
    if (kind !== 'blogroll') addresses.set(file, addressOf(id, kind));
    for (const observer of observers) observer.seen(file, kind, frontmatter.data, id);
    const found = validateContentText(text, file, kind, { frontmatter, id, readMdx: cache.readMdx, contentDir });
    if (found.length) problems.set(file, found.map(problemLine));
    else problems.delete(file);
    // What builds but would not show as it does here: said in the terminal when a save changes it
    // (the check said the rest when the preview started).
    const said = kind === 'blogroll' || found.length ? [] : fileWarnings(text, file, kind, frontmatter, contentDir);
    if (logger && said.join('\n') !== (warned.get(file) ?? []).join('\n')) for (const line of said) logger.warn(`[frontrow] warning: ${line}`);
    warned.set(file, said);
    return true;
  };
  const shown = (file: string) => path.relative(process.cwd(), file);
  /** Each file with a problem, and its message: its own problems, then any other file at its address. */
  const messages = (): [string, string][] => {
    const byAddress = Map.groupBy(addresses.keys(), (file) => addresses.get(file)!);
    const lines = new Map([...problems].map(([file, found]) => [file, [...found]]));
    for (const [address, same] of byAddress) {
      if (same.length < 2) continue;
      for (const file of same) lines.set(file, [...(lines.get(file) ?? []), sharedAddressLine(address, same.filter((f) => f !== file).map(shown))]);
    }
    return [...lines].map(([file, found]) => [file, file === configFile ? found.join('\n') : `${shown(file)}\n${found.join('\n')}`]);
  };
  const show = (server: ViteDevServer) => {
    for (const [file, message] of messages()) {
      server.ws.send({
        type: 'error',
        err: {
          name: 'Frontrow',
          title: 'This post cannot be shown until it is fixed',
          // Plain text: Astro escapes it for the overlay.
          message,
          hint: 'Fix the file and save: the preview updates by itself, no restart needed.',
          stack: '',
          id: file,
          loc: { file },
          plugin: 'frontrow',
        } as never,
      });
    }
  };
  return {
    name: 'frontrow:content-overlay',
    apply: 'serve',
    async configureServer(server) {
      // Every file, read 16 at a time, then checked in order: read one after the other, 5,000
      // posts took 1.3-1.9 s before the server started; 16 at a time, 0.35 s.
      for (const kind of CONTENT_KINDS) {
        const files = await contentFiles(path.join(contentDir, kind), kind);
        const texts = await mapLimit(files, 16, (file) => readFile(file, 'utf8').catch(() => undefined));
        for (const [i, file] of files.entries()) await recheck(file, texts[i]);
      }
      logger = server.config.logger;
      // A browser that connects (or reloads after a content change) sees what is broken now.
      server.ws.on('connection', () => setTimeout(() => show(server), 50));
      server.watcher.add(configFile);
      const onFile = async (file: string) => {
        if (await recheck(file)) setTimeout(() => show(server), 300);
      };
      server.watcher.on('add', onFile);
      server.watcher.on('change', onFile);
      server.watcher.on('unlink', (file) => {
        problems.delete(file);
        addresses.delete(file);
        for (const observer of observers) observer.gone(file);
      });
    },
  };
}
