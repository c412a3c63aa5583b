import type { Plugin } from 'vite';
import { isMdxProseError, MDX_PROSE_HINT } from '../lib/content/mdx-hint.ts';

type Handler = (this: unknown, ...args: unknown[]) => unknown;
type Transform = Handler | { handler: Handler };

/**
 * Adds the escaping hint to MDX parse errors, in the dev overlay and the build's terminal, by
 * wrapping the transform of @astrojs/mdx's Vite plugin (Astro prints an error's `hint`). The
 * engine's frames are left out of the stack: the file and line are the whole story.
 */
export function addMdxProseHint(plugins: readonly unknown[]): void {
  for (const plugin of plugins.flat(Infinity) as (Plugin | null)[]) {
    if (plugin?.name !== '@mdx-js/rolldown' || !plugin.transform) continue;
    const transform = plugin.transform as Transform;
    const original = typeof transform === 'function' ? transform : transform.handler;
    const handler: Handler = async function (this: unknown, ...args) {
      try {
        return await original.apply(this, args);
      } catch (error) {
        const err = error as Error & { hint?: string };
        if (err && typeof err.message === 'string' && isMdxProseError(err.message)) {
          err.hint = MDX_PROSE_HINT;
          err.stack = '';
        }
        throw err;
      }
    };
    if (typeof transform === 'function') (plugin as { transform: unknown }).transform = handler;
    else transform.handler = handler;
  }
}
