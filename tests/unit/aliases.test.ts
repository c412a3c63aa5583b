import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { aliasFile, aliasSchema, oldAddressesByPattern, oldAddressOf, oldPostAddressesSchema, redirectPage } from '../../src/lib/content/aliases.ts';
import { checkSite, formatSiteCheck } from '../../src/lib/content/check-site.ts';
import { validateContentText } from '../../src/lib/content/validate.ts';
import { workDir } from '../helpers/astro.ts';

const post = (front: string) => `---\ntitle: T\ndescription: D.\npubDate: 2024-01-01\n${front}\n---\nWords.\n`;

describe('old addresses of a post (aliases)', () => {
  it('are site paths; a folder is one with or without its slash, a .html one is a file', () => {
    expect(aliasSchema.parse(['/2019/05/my-post.html', '/old/slug', '/old//other/', ' /notes/x/ '])).toEqual([
      '/2019/05/my-post.html',
      '/old/slug/',
      '/old/other/',
      '/notes/x/',
    ]);
    expect(aliasSchema.parse(undefined)).toEqual([]);
    expect(['/2019/05/my-post.html', '/old/slug/'].map(aliasFile)).toEqual(['2019/05/my-post.html', 'old/slug/index.html']);
  });

  it('refuses what is no address of this site, saying how to write one', () => {
    for (const alias of ['/', 'old/slug', 'https://old.example/post/', '/a/../b/', '/a b/', '/x?p=1', '/#top']) {
      expect(aliasSchema.safeParse([alias]).success, alias).toBe(false);
    }
    expect(validateContentText(post('aliases: /old/'), 'x.md', 'posts')).toEqual([
      { field: 'aliases', message: 'aliases must be a list of old addresses on this site, each starting with /, such as aliases: [/2019/05/my-post.html]' },
    ]);
  });

  it("is named by the check when it is a post's own address, kept by two files, or inside the site's own folders", async () => {
    const dir = await workDir('aliases');
    await writeFile(path.join(dir, 'site.config.ts'), `export default { title: 'T', description: 'D', url: 'https://me.example', author: { name: 'Me' } };\n`);
    await mkdir(path.join(dir, 'posts'));
    await mkdir(path.join(dir, 'pages'));
    const files: Record<string, string> = {
      'posts/new-name.md': post('aliases: [/posts/old-name/, /posts/other/, /archive/2019/]'),
      'posts/other.md': post('aliases: [/2019/05/shared.html]'),
      'posts/third.md': post('aliases: [/2019/05/shared.html, /posts/third/]'),
      'pages/about.md': '---\ntitle: About\ndescription: D.\naliases: [/about-me/]\n---\nMe.\n',
      'posts/jekyll.md':
        '---\ntitle: J\ndescription: D.\npubDate: 2019-05-01\nredirect_from: [/2019/05/j.html]\npermalink: /2019/05/jekyll.html\n---\nWords.\n',
    };
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
    const check = await checkSite(dir);
    const block = formatSiteCheck(check);
    expect(check.errors.map((e) => path.basename(e.file)).sort()).toEqual(['jekyll.md', 'new-name.md', 'other.md', 'third.md']);
    expect(block).toMatch(/new-name\.md\n {4}aliases: \/posts\/other\/ is the address of \S+other\.md, so it cannot send readers here: remove it\n/);
    expect(block).toMatch(/ {4}aliases: \/archive\/2019\/ is inside the site's own \/archive\/: remove it\n/);
    expect(block).toMatch(/other\.md\n {4}aliases: \/2019\/05\/shared\.html is kept by \S+third\.md too: an old address can send readers to one place only\n/);
    expect(block).toContain('aliases: /posts/third/ is the address of this file itself, so it cannot send readers here: remove it');
    expect(block).toContain("redirect_from (from Jekyll's redirect plugin) is not read: Frontrow's field is aliases; rename redirect_from to aliases");
    expect(block).toContain("permalink (from Jekyll and Eleventy) is not read: Frontrow's field is aliases");
    expect(block).not.toContain('old-name');
  });

  it('are sent on by a page with a refresh, a canonical link and a link for readers, every text escaped', () => {
    const page = redirectPage('/blog/posts/a/', 'https://me.example/blog/posts/a/', 'Fish & "chips" <today>');
    expect(page).toContain('<meta http-equiv="refresh" content="0;url=/blog/posts/a/">');
    expect(page).toContain('<link rel="canonical" href="https://me.example/blog/posts/a/">');
    expect(page).toContain('<meta name="robots" content="noindex">');
    expect(page).toContain('<a href="/blog/posts/a/">Fish &amp; &quot;chips&quot; &lt;today&gt;</a>');
    expect(page).not.toContain('<today>');
  });
});

describe("a whole archive's old addresses (oldPostAddresses)", () => {
  const week = { id: 'my-first-week', pubDate: new Date('2024-05-02T00:00:00Z') };

  it("fill a pattern with the post's day and its address below /posts/", () => {
    expect(oldAddressOf('/:year/:month/:slug/', week)).toBe('/2024/05/my-first-week/');
    expect(oldAddressOf('/:year/:month/:day/:slug.html', week)).toBe('/2024/05/02/my-first-week.html');
    expect(oldAddressOf('/blog/:slug', week)).toBe('/blog/my-first-week/');
    expect(oldAddressOf('/:year/:slug/', { id: 'notes/late', pubDate: new Date('2019-12-31T00:00:00Z') })).toBe('/2019/notes/late/');
  });

  it('are patterns on this site that hold :slug and no part Frontrow does not fill, saying how to write one', () => {
    expect(oldPostAddressesSchema.parse(['/:year/:month/:slug/', ' /:year/:month/:day/:slug.html '])).toEqual([
      '/:year/:month/:slug/',
      '/:year/:month/:day/:slug.html',
    ]);
    expect(oldPostAddressesSchema.parse(undefined)).toEqual([]);
    for (const pattern of [':year/:slug/', '/:year/:month/', '/:category/:slug/', '/../:slug/', 'https://old.example/:slug/', '/:slug?p=1']) {
      const parsed = oldPostAddressesSchema.safeParse([pattern]);
      expect(parsed.success, pattern).toBe(false);
      expect(parsed.error?.issues[0]?.message).toBe(
        `oldPostAddresses must be a list of old address patterns on this site, each starting with / and holding :slug, such as ['/:year/:month/:slug/'] (the parts: :year, :month, :day and :slug, the post's address below /posts/); ${JSON.stringify(pattern)} is not one`,
      );
    }
  });

  it("lead to the newest post where two patterns meet, never from a post's own address or the site's own folders", () => {
    const notes = { id: '05/b', pubDate: new Date('2019-01-01T00:00:00Z') };
    const b = { id: 'b', pubDate: new Date('2019-05-20T00:00:00Z') };
    expect(oldAddressesByPattern(['/:year/:slug/', '/:year/:month/:slug/'], [notes, b])).toEqual(
      new Map([
        ['/2019/b/', 'b'],
        ['/2019/05/b/', 'b'],
        ['/2019/01/05/b/', '05/b'],
      ]),
    );
    expect(oldAddressesByPattern(['/posts/:slug/', '/search/:slug/', '/tags/:slug/', '/posts/:year/:slug/'], [b])).toEqual(new Map([['/posts/2019/b/', 'b']]));
  });

  it("are named by the check when one is another page's address or a pattern points inside the site's own folders", async () => {
    const dir = await workDir('old-post-addresses');
    const config = (patterns: string) =>
      `export default { title: 'T', description: 'D', url: 'https://me.example', author: { name: 'Me' }, oldPostAddresses: ${patterns} };\n`;
    await writeFile(path.join(dir, 'site.config.ts'), config(`['/:slug/', '/archive/:slug/']`));
    await mkdir(path.join(dir, 'posts'));
    await mkdir(path.join(dir, 'pages'));
    await writeFile(path.join(dir, 'posts', 'about.md'), post(''));
    await writeFile(path.join(dir, 'posts', 'draft-one.md'), post('draft: true'));
    await writeFile(path.join(dir, 'pages', 'about.md'), '---\ntitle: About\ndescription: D.\n---\nMe.\n');
    const check = await checkSite(dir);
    expect(check.errors).toEqual([]);
    expect(check.warnings).toContain(
      `oldPostAddresses: /about/, the old address of ${path.join(dir, 'posts', 'about.md').replace(`${process.cwd()}/`, '')}, is the address of ${path.join(dir, 'pages', 'about.md').replace(`${process.cwd()}/`, '')}: no page sends readers on from there`,
    );
    expect(check.warnings.filter((w) => w.includes('/archive/'))).toEqual([
      "oldPostAddresses: /archive/:slug/ gives addresses inside the site's own /archive/, so no page sends readers on from them: change the pattern",
    ]);
    expect(check.warnings.join('\n')).not.toContain('draft-one');

    await writeFile(path.join(dir, 'site.config.ts'), config(`['/:year/:month/']`));
    const broken = formatSiteCheck(await checkSite(dir));
    expect(broken).toMatch(/site\.config\.ts\n {4}oldPostAddresses must be a list of old address patterns on this site, .*; "\/:year\/:month\/" is not one\n/);
  });
});
