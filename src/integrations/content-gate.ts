/**
 * `npm run build` and `npm run check` check the writer's content (scripts/astro.ts) while Astro
 * starts, in the wrapper's process, on the other core: the check of 5,000 posts took 2-4 s
 * before Astro could start. Astro waits here, before it reads a post, until the wrapper says the
 * content is buildable; on broken content the wrapper stops Astro instead, so a broken post never
 * reaches a build step (no emptied dist/, no bundle, no deploy), and the wrapper shows its one block
 * with none of Astro's output (held until then).
 *
 * The gate is open when Astro was not started by the wrapper with `FRONTROW_CONTENT_GATE=1` and an
 * IPC channel (`astro build` run directly, the dev server, tests that start Astro themselves).
 */

/** What Astro sends the wrapper when it reaches the gate, and the wrapper's answer once the content check passed. */
export const CONTENT_GATE_MESSAGES = { waiting: 'frontrow:content-gate', checked: 'frontrow:content-checked' } as const;
/** Set by the wrapper on the Astro process it starts. */
export const CONTENT_GATE_ENV = 'FRONTROW_CONTENT_GATE';

// One wait per process: the content loaders (loaded through Vite) and the build hook (loaded by
// Node) are separate module instances.
const GATE = Symbol.for('frontrow.contentGate');

/** Resolves once the wrapper's content check passed; rejects when the wrapper went away without saying so. */
export function contentChecked(): Promise<void> {
  if (process.env[CONTENT_GATE_ENV] !== '1' || !process.send) return Promise.resolve();
  const global = globalThis as { [GATE]?: Promise<void> };
  global[GATE] ??= new Promise<void>((resolve, reject) => {
    const done = () => {
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
    };
    const onMessage = (message: unknown) => {
      if (message !== CONTENT_GATE_MESSAGES.checked) return;
      done();
      resolve();
    };
    const onDisconnect = () => {
      done();
      reject(Object.assign(new Error('[frontrow] the content check did not finish: nothing was built.'), { stack: '' }));
    };
    process.on('message', onMessage);
    process.on('disconnect', onDisconnect);
    // Asked, not awaited: a message sent before this process listened would be lost.
    process.send!(CONTENT_GATE_MESSAGES.waiting, (error: Error | null) => error && onDisconnect());
  });
  return global[GATE];
}
