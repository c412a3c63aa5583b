import type { LoaderContext } from 'astro/loaders';

type Store = LoaderContext['store'];
export type StoredEntry = Parameters<Store['set']>[0];

/**
 * The loader's store with its `set` replaced, everything else the store's own: how a loader
 * wrapper sees (and changes) each entry the glob loader stores. A Proxy, since the store is a
 * class whose other methods the loader calls too.
 */
export function storeWithSet(store: Store, set: (entry: StoredEntry) => boolean): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'set') return set;
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
