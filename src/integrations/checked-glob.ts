import type { Loader, LoaderContext } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawFrontmatter } from '../lib/content/frontmatter.ts';
import { openFrontmatterCache } from '../lib/content/frontmatter-cache.ts';
import { problemLine, validateContentText, type ContentKind } from '../lib/content/validate.ts';
import { saveStoreAtEnd } from './store-save-at-end.ts';
import { storeWithSet } from './store-set.ts';

type GlobOptions = Parameters<typeof glob>[0];
interface EntryInfoParams {
  contents: string;
  fileUrl: URL;
}
interface EntryType {
  getEntryInfo(params: EntryInfoParams): unknown;
}

/**
 * Astro's glob loader, reading each file's frontmatter with the engine's one reader
 * (src/lib/content/frontmatter.ts), and checking each post or page by the engine's own rules
 * first (src/lib/content/validate.ts): dates as the writer typed them and images that exist. In
 * the dev preview a broken file is left out, so it breaks that post only (the overlay names it);
 * `check` and `build` stop on it.
 *
 * Astro's own reader (js-yaml, with YAML 1.1 timestamps) made `title: 2024-05-04` a date, which
 * the check had passed as text: the build then failed on a post the check called fine. Now the
 * data the check validates is the data stored, read once per change through the cache that
 * `npm run build`'s content check fills just before (src/lib/content/frontmatter-cache.ts).
 */
export function checkedGlob(options: GlobOptions, kind: ContentKind, devPreview: boolean): Loader {
  const inner = glob(options);
  // The folder of posts/, pages/ and blogroll/ (`base` is one of them).
  const contentDir = path.dirname(String(options.base));
  return {
    ...inner,
    load: (context: LoaderContext) => saveStoreAtEnd(context.meta, () => load(context)),
  };
  async function load(context: LoaderContext) {
    const broken = new Set<string>();
    const cache = await openFrontmatterCache();
    // The glob loader reads each file and its frontmatter, then (when its digest changed) asks
    // parseData, with no wait between the two: the last few readings are enough. Its file types
    // come in the context's `entryTypes` (not in Astro's public type); without them the check
    // reads the file itself.
    const readings = new Map<string, { text: string; frontmatter: RawFrontmatter }>();
    const known = (context as LoaderContext & { entryTypes?: Map<string, EntryType> }).entryTypes;
    const entryTypes =
      known &&
      new Map(
        [...known].map(([extension, type]) => [
          extension,
          {
            ...type,
            // Astro's Markdown and MDX types answer the same, from their own reader: the body
            // trimmed, the frontmatter's `slug` (the entry's id when set).
            getEntryInfo: ({ contents, fileUrl }: EntryInfoParams) => {
              const file = fileURLToPath(fileUrl);
              const frontmatter = cache.read(contents);
              readings.delete(file);
              readings.set(file, { text: contents, frontmatter });
              if (readings.size > 64) readings.delete(readings.keys().next().value!);
              // A copy: the cache's data is shared and kept, and Markdown plugins get this object.
              const data = { ...frontmatter.data };
              return { data, body: frontmatter.body.trim(), slug: data['slug'], rawData: '' };
            },
          },
        ]),
      );
    const parseData: LoaderContext['parseData'] = async (props) => {
      let reading = props.filePath ? readings.get(props.filePath) : undefined;
      if (props.filePath) readings.delete(props.filePath);
      if (!reading && props.filePath) {
        const text = await readFile(props.filePath, 'utf8').catch(() => undefined);
        if (text !== undefined) reading = { text, frontmatter: cache.read(text) };
      }
      if (!reading) return context.parseData(props);
      const problems = validateContentText(reading.text, props.filePath!, kind, {
        frontmatter: reading.frontmatter,
        id: props.id,
        readMdx: cache.readMdx,
        contentDir,
      });
      if (problems.length === 0) {
        broken.delete(props.id);
        // The one reader's data even when Astro's read it (no kept reading: no entry types).
        return context.parseData({ ...props, data: { ...reading.frontmatter.data } as typeof props.data });
      }
      const message = `${props.filePath}\n${problems.map((p) => `  ${problemLine(p)}`).join('\n')}`;
      if (!devPreview) throw Object.assign(new Error(message), { stack: '' });
      broken.add(props.id);
      context.logger.warn(`left out of the preview until fixed: ${message}`);
      return props.data;
    };
    // Entries that failed the check never reach the store (and so never a page, nor an import
    // of a missing image that would break every page).
    const store = storeWithSet(context.store, (entry) => {
      if (!broken.has(entry.id)) return context.store.set(entry);
      context.store.delete(entry.id);
      return false;
    });
    await inner.load({ ...context, ...(entryTypes ? { entryTypes } : {}), parseData, store });
    await cache.save();
  }
}
