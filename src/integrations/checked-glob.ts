import type { Loader, LoaderContext } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { readFile } from 'node:fs/promises';
import { readRawFrontmatter } from '../lib/content/frontmatter.ts';
import { problemLine, validateContentText, type ContentKind } from '../lib/content/validate.ts';

type GlobOptions = Parameters<typeof glob>[0];

/**
 * Astro's glob loader, with each post or page checked by the engine's own rules first
 * (src/lib/content/validate.ts): dates as the writer typed them (Astro's YAML reader turns
 * 2026-14-02 into 2027-02-02) and images that exist. In the dev preview a broken file is left
 * out, so it breaks that post only (the overlay names it); `check` and `build` stop on it.
 */
export function checkedGlob(options: GlobOptions, kind: ContentKind, devPreview: boolean): Loader {
  const inner = glob(options);
  return {
    ...inner,
    load: (context: LoaderContext) => {
      const broken = new Set<string>();
      const parseData: LoaderContext['parseData'] = async (props) => {
        const text = props.filePath ? await readFile(props.filePath, 'utf8').catch(() => undefined) : undefined;
        if (text === undefined) return context.parseData(props);
        const frontmatter = readRawFrontmatter(text);
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
      return inner.load({ ...context, parseData, store });
    },
  };
}
