import type { Plugin } from 'vite';

const DATA_STORE_MODULE = '\0astro:data-layer-content';
/** What Astro's build makes of its content store: the whole store as one string literal. */
const BEFORE = 'export default JSON.parse(';
const AFTER = ')';
/** Characters per literal: V8 compiles these at a few hundred MB/s. */
const PIECE = 1 << 20;

/**
 * Build only. Astro bundles the content store as `export default JSON.parse("…")`: every post's
 * rendered HTML in one string literal, 29 MB at 5,000 posts, 58 MB at 10,000. V8 compiles a
 * module's string literal in time that grows with the square of its length (25 MB 1.9 s, 50 MB
 * 7.0 s, 99 MB 27.9 s on the benchmark machine; Node's compile cache hides it only when the
 * store is byte for byte the last build's). The same text as 1 MB literals joined when the
 * module runs compiles in linear time (99 MB: 2.0 s) and parses to the same value.
 */
export function storeInPieces(): Plugin {
  return {
    name: 'frontrow:store-in-pieces',
    apply: 'build',
    transform: {
      filter: { id: /^\0astro:data-layer-content$/ },
      handler(code, id) {
        if (id !== DATA_STORE_MODULE) return null;
        return splitStoreLiteral(code);
      },
    },
  };
}

/** The module with its literal in pieces, or null when it is not the one-literal form (nothing to do). */
export function splitStoreLiteral(code: string): { code: string; map: { mappings: '' } } | null {
  const body = code.trimEnd();
  if (!body.startsWith(BEFORE) || !body.endsWith(AFTER) || body.length <= PIECE) return null;
  let text: unknown;
  try {
    text = JSON.parse(body.slice(BEFORE.length, -AFTER.length));
  } catch {
    return null;
  }
  if (typeof text !== 'string') return null;
  const pieces: string[] = [];
  // A piece may end between the two halves of a surrogate pair: JSON.stringify escapes each half
  // (\udXXX) and the join puts them back together.
  for (let at = 0; at < text.length; at += PIECE) pieces.push(JSON.stringify(text.slice(at, at + PIECE)));
  return { code: `export default JSON.parse([\n${pieces.join(',\n')}\n].join(''));\n`, map: { mappings: '' } };
}
