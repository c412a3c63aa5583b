// Preloaded by the npm scripts (`node --import ./scripts/compile-cache.mjs …`): turns on
// Node's on-disk cache of compiled code before the script's modules load, which takes about a
// third off a warm `npm run originality`. Plain JavaScript on purpose: a TypeScript preload
// would start the type-stripping loader before the cache is on and lose most of the gain.
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';

// The scripts run on the project's own Node 24 (the `node` package), which has it.
enableCompileCache(fileURLToPath(new URL('../node_modules/.cache/frontrow-compile-cache', import.meta.url)));
