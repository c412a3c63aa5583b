import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_GATE_ENV, CONTENT_GATE_MESSAGES } from '../../src/integrations/content-gate.ts';
import { repoRoot } from '../helpers/astro.ts';

// Astro, started by `npm run build` (scripts/astro.ts), waits at the content gate until the
// wrapper's content check passed: it asks, then goes on only on the answer, and never when the
// wrapper goes away without one.
const gate = path.join(repoRoot, 'src/integrations/content-gate.ts');
const script = `const { contentChecked } = await import(${JSON.stringify(gate)});
console.log('at the gate');
try { await contentChecked(); console.log('went on'); } catch (error) { console.log('stopped: ' + error.message); }`;

function astroLike(env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  // 'exit' and the end of its output ('close' need not come once the channel was disconnected).
  const closed = Promise.all([new Promise((resolve) => child.on('exit', resolve)), new Promise((resolve) => child.stdout!.on('end', resolve))]).then(
    () => output,
  );
  const asked = new Promise<void>((resolve) => child.on('message', (m) => m === CONTENT_GATE_MESSAGES.waiting && resolve()));
  return { child, closed, asked, output: () => output };
}

describe('the content gate', () => {
  it('holds Astro until the check passed, then lets it go on', async () => {
    const astro = astroLike({ [CONTENT_GATE_ENV]: '1' });
    await astro.asked;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(astro.output()).not.toContain('went on');
    astro.child.send(CONTENT_GATE_MESSAGES.checked);
    expect(await astro.closed).toContain('went on');
  });

  it('never lets Astro go on when the wrapper goes away without an answer', async () => {
    const astro = astroLike({ [CONTENT_GATE_ENV]: '1' });
    await astro.asked;
    astro.child.disconnect();
    const output = await astro.closed;
    expect(output).toContain('stopped: [frontrow] the content check did not finish');
    expect(output).not.toContain('went on');
  });

  it('is open when Astro was started without the wrapper', async () => {
    expect(await astroLike({ [CONTENT_GATE_ENV]: undefined }).closed).toContain('went on');
  });
});
