import type { Loader, LoaderContext } from 'astro/loaders';
import { PROSE_WORDS, proseWordCount } from '../lib/content/reading-time.ts';
import { storeWithSet, type StoredEntry } from './store-set.ts';

/**
 * Counts each post's prose words when the loader reads it, keeps the count in the entry's data
 * and leaves the Markdown body out of the content store. The count was the pages' only use of
 * the body (reading time, structured data), and the body was half the store: the dev server reloads the whole
 * store after every save, and a build holds it in memory. Unchanged posts keep their stored
 * count: the loader skips them by content digest.
 */
export function withProseWords(loader: Loader): Loader {
  return {
    ...loader,
    load: (context: LoaderContext) => {
      const set = (entry: StoredEntry) => {
        const { body, ...rest } = entry;
        return context.store.set({ ...rest, data: { ...entry.data, [PROSE_WORDS]: proseWordCount(body ?? '') } });
      };
      return loader.load({ ...context, store: storeWithSet(context.store, set) });
    },
  };
}
