import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { rendersFromElsewhere } from '../lib/content/entry-links.ts';
import { isRemoteUrl } from '../lib/urls.ts';
import { storeWithSet, type StoredEntry } from './store-set.ts';

const RENDERED_ELSEWHERE = 'frontrow-rendered-elsewhere';

/**
 * A post that links to another's file (`./other.md`) holds that file's address in its rendered
 * HTML, and the address changes with the other file's `slug:`; one that shows a picture from
 * another site holds this site's copy of it, or a link while there is none (and its cover from
 * another site, this site's copy or none: kept-covers.ts). Astro renders a post
 * again only when its own text changes, so a kept content store (incremental builds, the
 * deploy's cache) would serve the old HTML. Such posts, few in any archive, are rendered again at
 * every build: their ids are kept in the loader's meta store, their entries dropped before it loads.
 */
export function withFreshRenders(loader: Loader): Loader {
  return {
    ...loader,
    load: async (context: LoaderContext) => {
      for (const id of JSON.parse(context.meta.get(RENDERED_ELSEWHERE) ?? '[]') as string[]) context.store.delete(id);
      const elsewhere = new Set<string>();
      const set = (entry: StoredEntry) => {
        if (entry.filePath) {
          const file = fileURLToPath(new URL(entry.filePath, context.config.root));
          // A page's body is not kept in the store: its file is read again (pages are few).
          const text = entry.body ?? readFileSync(file, 'utf8');
          if (rendersFromElsewhere(text, file)) elsewhere.add(entry.id);
        }
        return context.store.set(entry);
      };
      // A cover from another site: whether the build has a copy yet (kept-covers.ts, after this).
      const parseData: LoaderContext['parseData'] = (props) => {
        if (isRemoteUrl(String(props.data['image'] ?? ''))) elsewhere.add(props.id);
        return context.parseData(props);
      };
      await loader.load({ ...context, parseData, store: storeWithSet(context.store, set) });
      context.meta.set(RENDERED_ELSEWHERE, JSON.stringify([...elsewhere]));
    },
  };
}
