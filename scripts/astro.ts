#!/usr/bin/env node
// Runs the Astro CLI in the foreground. Astro 7 starts `dev`/`preview` as detached background
// processes when it believes a coding agent is driving it; a writer's terminal (and CI) wants
// the ordinary foreground server, so the opt-outs are set unless the caller chose otherwise.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const astroBin = path.join(path.dirname(require.resolve('astro/package.json')), 'bin/astro.mjs');

const child = spawn(process.execPath, [astroBin, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: {
    ASTRO_DEV_BACKGROUND: '0',
    ASTRO_PREVIEW_BACKGROUND: '0',
    ASTRO_TELEMETRY_DISABLED: '1',
    ...process.env,
  },
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
