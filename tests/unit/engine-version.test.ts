import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { engineVersion } from '../../src/integrations/engine-version.ts';
import { workDirSync } from '../helpers/astro.ts';

// The engine's code version is part of every page's cache key (src/data/cache-keys.ts): any
// change to src/ or astro.config.mjs must change it, and nothing else may.
function engine() {
  const root = workDirSync('engine-version');
  mkdirSync(path.join(root, 'src/lib/markdown'), { recursive: true });
  writeFileSync(path.join(root, 'src/lib/markdown/plugin.ts'), 'export const plugin = 1;\n');
  writeFileSync(path.join(root, 'astro.config.mjs'), 'export default {};\n');
  return root;
}

describe('engineVersion', () => {
  it('is the same for the same code', () => {
    const root = engine();
    expect(engineVersion(root)).toBe(engineVersion(root));
  });

  it('changes when a file under src/ changes or appears', () => {
    const root = engine();
    const before = engineVersion(root);
    writeFileSync(path.join(root, 'src/lib/markdown/plugin.ts'), 'export const plugin = 2;\n');
    const edited = engineVersion(root);
    expect(edited).not.toBe(before);
    writeFileSync(path.join(root, 'src/extra.ts'), '');
    expect(engineVersion(root)).not.toBe(edited);
  });

  it("changes with the Astro config, not with the writer's public files", () => {
    const root = engine();
    const before = engineVersion(root);
    mkdirSync(path.join(root, 'public'));
    writeFileSync(path.join(root, 'public/photo.jpg'), 'bytes');
    expect(engineVersion(root)).toBe(before);
    writeFileSync(path.join(root, 'astro.config.mjs'), 'export default { site: "https://example.org" };\n');
    expect(engineVersion(root)).not.toBe(before);
  });
});
