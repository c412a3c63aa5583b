import type { LoaderContext } from 'astro/loaders';

/** The meta entry a collection sets while it loads. */
const LOADING_KEY = 'frontrow-loading';
/** Below Astro's 500 ms: its timer is set again before it can fire. */
const TOUCH_EVERY_MS = 200;

/**
 * Runs a collection's load with Astro's content store saved once, after the sync, not during it.
 *
 * Astro saves its store 500 ms after the store's last change, and a sync starts by setting the
 * store's own digests. A rebuild then reads every post for seconds with nothing to change, so the
 * whole store (29 MB at 5,000 posts, 0.85 s to serialise) was written in the middle of the sync,
 * then again at its end. Each change sets Astro's timer again: touching this collection's meta
 * while it loads keeps the one save for the end, which Astro makes anyway.
 */
export async function saveStoreAtEnd<T>(meta: Pick<LoaderContext['meta'], 'set'>, load: () => Promise<T>): Promise<T> {
  const touch = () => meta.set(LOADING_KEY, '');
  touch();
  const toucher = setInterval(touch, TOUCH_EVERY_MS);
  try {
    return await load();
  } finally {
    clearInterval(toucher);
  }
}
