/**
 * Work a build hook starts early and a page awaits later. Astro prerenders pages in its own
 * process, where the integrations run, so both see the same `globalThis`; a virtual module
 * could carry only data, not work still under way.
 */
/** Every published post's related posts, found by the originality worker (src/integrations/originality-worker.ts). */
export const RELATED_POSTS = 'related-posts';
/** The build's cache of pictures from other sites, which the Markdown plugin filled (src/integrations/pictures.ts). */
export const PICTURES = 'pictures';
/** The old addresses the routes note as they list what is published (src/integrations/old-addresses.ts). */
export const ALIASES = 'aliases';

const slot = (name: string) => Symbol.for(`frontrow.handoff.${name}`);

export function handOff<T>(name: string, work: Promise<T>): void {
  // A failure is the taker's to report; until it takes the work, it is no unhandled rejection.
  work.catch(() => undefined);
  (globalThis as Record<symbol, unknown>)[slot(name)] = work;
}

/** The work handed off under `name` in this process, if any. */
export function takeHandOff<T>(name: string): Promise<T> | undefined {
  return (globalThis as Record<symbol, unknown>)[slot(name)] as Promise<T> | undefined;
}
