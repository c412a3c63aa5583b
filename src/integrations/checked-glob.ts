import type { Loader, LoaderContext } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { openFrontmatterCache } from '../lib/content/frontmatter-cache.ts';
import { problemLine, validateContentText, type ContentKind } from '../lib/content/validate.ts';
import { saveStoreAtEnd } from './store-save-at-end.ts';

type GlobOptions = Parameters<typeof glob>[0];
interface EntryInfoParams {
  contents: string;
  fileUrl: URL;
}
interface EntryType {
  getEntryInfo(params: EntryInfoParams): unknown;
}

/**
 * Astro's glob loader, with each post or page checked by the engine's own rules first
 * (src/lib/content/validate.ts): dates as the writer typed them (Astro's YAML reader turns
 * 2026-14-02 into 2027-02-02) and images that exist. In the dev preview a broken file is left
 * out, so it breaks that post only (the overlay names it); `check` and `build` stop on it.
 *
 * The check reads the text Astro's loader read (kept from its frontmatter reading, not read from
 * disk again), and its frontmatter through the cache that `npm run build`'s content check fills
 * just before (src/lib/content/frontmatter-cache.ts): a post's YAML is parsed once per change.
 */
export function checkedGlob(options: GlobOptions, kind: ContentKind, devPreview: boolean): Loader {
  const inner = glob(options);
  return {
    ...inner,
    load: (context: LoaderContext) => saveStoreAtEnd(context.meta, () => load(context)),
  };
  async function load(context: LoaderContext) {
    const broken = new Set<string>();
    const cache = await openFrontmatterCache();
    // The glob loader reads each file and its frontmatter, then (when its digest changed) asks
    // parseData, with no wait between the two: the last few texts it read are enough. Its file
    // types come in the context's `entryTypes` (not in Astro's public type); without them the
    // check reads the file itself.
    const texts = new Map<string, string>();
    const known = (context as LoaderContext & { entryTypes?: Map<string, EntryType> }).entryTypes;
    const entryTypes =
      known &&
      new Map(
        [...known].map(([extension, type]) => [
          extension,
          {
            ...type,
            getEntryInfo: (params: EntryInfoParams) => {
              const file = fileURLToPath(params.fileUrl);
              texts.delete(file);
              texts.set(file, params.contents);
              if (texts.size > 64) texts.delete(texts.keys().next().value!);
              return type.getEntryInfo(params);
            },
          },
        ]),
      );
    const parseData: LoaderContext['parseData'] = async (props) => {
      const kept = props.filePath ? texts.get(props.filePath) : undefined;
      if (props.filePath) texts.delete(props.filePath);
      const text = kept ?? (props.filePath ? await readFile(props.filePath, 'utf8').catch(() => undefined) : undefined);
      if (text === undefined) return context.parseData(props);
      const frontmatter = cache.read(text);
      const problems = validateContentText(text, props.filePath!, kind, frontmatter);
      if (problems.length === 0) {
        broken.delete(props.id);
        // The dates exactly as written: the schema applies the one date rule to them.
        const raw = frontmatter.data;
        const data: Record<string, unknown> = { ...props.data };
        for (const key of ['pubDate', 'updatedDate']) if (typeof raw[key] === 'string') data[key] = raw[key];
        return context.parseData({ ...props, data: data as typeof props.data });
      }
      const message = `${props.filePath}\n${problems.map((p) => `  ${problemLine(p)}`).join('\n')}`;
      if (!devPreview) throw Object.assign(new Error(message), { stack: '' });
      broken.add(props.id);
      context.logger.warn(`left out of the preview until fixed: ${message}`);
      return props.data;
    };
    // Entries that failed the check never reach the store (and so never a page, nor an import
    // of a missing image that would break every page).
    const store = new Proxy(context.store, {
      get(target, key, receiver) {
        if (key === 'set') {
          return (entry: { id: string }) => {
            if (!broken.has(entry.id)) return target.set(entry as Parameters<typeof target.set>[0]);
            target.delete(entry.id);
            return false;
          };
        }
        const value = Reflect.get(target, key, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    await inner.load({ ...context, ...(entryTypes ? { entryTypes } : {}), parseData, store });
    await cache.save();
  }
}
