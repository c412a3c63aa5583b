import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { saveStoreAtEnd } from '../../src/integrations/store-save-at-end.ts';
import { workDir } from '../helpers/astro.ts';

/** Astro's own content store (not in its package's exports: taken by its file). */
interface Store {
  metaStore(collection?: string): { set(key: string, value: string): void };
  onFileWritten(listener: (file: string) => void): () => void;
  waitUntilSaveComplete(): Promise<void>;
}
const astroDir = path.dirname(createRequire(import.meta.url).resolve('astro/package.json'));
const { MutableDataStore } = (await import(pathToFileURL(path.join(astroDir, 'dist/content/mutable-data-store.js')).href)) as {
  MutableDataStore: { fromFile(file: URL): Promise<Store> };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Astro's content store, saved once per sync", () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = '';
  });

  /** A sync as Astro runs it: its own digests set, then a collection reads for `ms` with nothing to change, then one post changed. */
  async function sync(ms: number, wrap: (load: () => Promise<void>, store: Store) => Promise<void>) {
    dir = await workDir('store-save');
    const store = await MutableDataStore.fromFile(pathToFileURL(path.join(dir, 'data-store.json')));
    const writes: number[] = [];
    const started = performance.now();
    store.onFileWritten(() => writes.push(performance.now() - started));
    store.metaStore().set('content-config-digest', 'abc');
    const load = async () => {
      await sleep(ms);
      store.metaStore('posts').set('edited', 'the one post a writer changed');
    };
    await wrap(load, store);
    const loaded = performance.now() - started;
    await store.waitUntilSaveComplete();
    return { during: writes.filter((at) => at < loaded).length, all: writes.length };
  }

  it('writes the store in the middle of a long load when nothing touches it (why the helper exists)', async () => {
    // If this fails, Astro no longer saves on a timer during a sync, and the helper can go.
    expect(await sync(1200, (load) => load())).toEqual({ during: 1, all: 2 });
  });

  it('writes it once, after the load, when the load runs through saveStoreAtEnd', async () => {
    expect(await sync(1200, (load, store) => saveStoreAtEnd(store.metaStore('posts'), load))).toEqual({ during: 0, all: 1 });
  });

  it('stops touching the store when the load ends, even when it fails', async () => {
    let touches = 0;
    const meta = { set: () => void touches++ };
    await expect(saveStoreAtEnd(meta, () => sleep(450).then(() => Promise.reject(new Error('broken post'))))).rejects.toThrow('broken post');
    const afterLoad = touches;
    expect(afterLoad).toBeGreaterThanOrEqual(2);
    await sleep(450);
    expect(touches).toBe(afterLoad);
  });
});
