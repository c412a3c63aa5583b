import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SITE_ROUTES } from '../../src/lib/urls.ts';

// The content check refuses a standalone page at an address the site's own pages take: the list
// it reads must name every one of them.
describe('SITE_ROUTES', () => {
  it("names the first segment of every page and file of the site's own (src/pages/)", () => {
    const pages = path.resolve(import.meta.dirname, '../../src/pages');
    const own = readdirSync(pages)
      .map((name) => name.replace(/\.(astro|ts)$/, ''))
      .filter((name) => name !== 'index' && !name.startsWith('['));
    expect(own.length).toBeGreaterThan(10);
    expect(own.filter((name) => !SITE_ROUTES.includes(name))).toEqual([]);
  });
});
