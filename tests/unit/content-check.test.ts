import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSite, formatSiteCheck } from '../../src/lib/content/check-site.ts';
import { readRawFrontmatter } from '../../src/lib/content/frontmatter.ts';
import { openFrontmatterCache } from '../../src/lib/content/frontmatter-cache.ts';
import { validateContentText } from '../../src/lib/content/validate.ts';
import { workDir } from '../helpers/astro.ts';

const config = `export default { title: 'T', description: 'D', url: 'https://me.example', author: { name: 'Me' } };\n`;
const post = (front: string, body = 'Words.') => `---\n${front}\n---\n${body}\n`;
/** The first bytes of a PNG picture: all the check reads of one. */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

async function site(files: Record<string, string | Uint8Array>) {
  const dir = await workDir('check');
  await mkdir(path.join(dir, 'posts'));
  await writeFile(path.join(dir, 'site.config.ts'), config);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return dir;
}

/** The check of a site of `files`: its block, and the files it names, relative to the site, sorted. */
async function checkOf(files: Record<string, string | Uint8Array>) {
  const dir = await site(files);
  const check = await checkSite(dir);
  return { dir, block: formatSiteCheck(check), named: check.errors.map((e) => path.relative(dir, e.file)).sort() };
}

describe('checking a content folder before the build', () => {
  it('names every broken file, its field and the fix, once, in one block without markup', async () => {
    const dir = await site({
      'posts/no-title.md': post('description: No title.\npubDate: 2026-03-01'),
      'posts/month-14.md': post('title: A\ndescription: D.\npubDate: 2026-14-02'),
      'posts/us-date.md': post('title: B\ndescription: D.\npubDate: 02/12/2026'),
      'posts/no-image.md': post('title: C\ndescription: D.\npubDate: 2026-03-01\nimage: ./images/gone.png\nimageAlt: A desk'),
      'posts/typo.md': post('title: E\ndescription: D.\npubdate: 2026-03-01'),
      'posts/fine.md': post('title: F\ndescription: D.\npubDate: 2026-03-01'),
      'site.config.ts': config.replace("title: 'T'", "title: 'T', postPerPage: 3"),
    });
    const check = await checkSite(dir);
    const block = formatSiteCheck(check);
    expect(check.errors.map((e) => path.basename(e.file)).sort()).toEqual([
      'month-14.md',
      'no-image.md',
      'no-title.md',
      'site.config.ts',
      'typo.md',
      'us-date.md',
    ]);
    expect(block).toMatch(/no-title\.md\n {4}title is required: add a line such as title: "Your title"/);
    expect(block).toMatch(/month-14\.md\n {4}pubDate must be a real date such as 2026-03-14 \(YYYY-MM-DD\)/);
    expect(block).toMatch(/us-date\.md\n {4}pubDate must be a real date/);
    expect(block).toMatch(/no-image\.md\n {4}image \.\/images\/gone\.png is not there/);
    expect(block).toMatch(/typo\.md\n {4}pubDate is required: .*\n {4}pubdate is not a field posts use: did you mean pubDate\?/);
    expect(block).toContain('postPerPage": did you mean "postsPerPage"?');
    expect(block).not.toContain('**');
    expect(block).not.toMatch(/title\W+title:/);
    expect(block).not.toMatch(/^\s+at /m);
  });

  it('warns about a published post that still holds the template text, not about a draft, and about a tag that is not shown', async () => {
    const dir = await site({
      'posts/forgot.md': post('title: A\ndescription: D.\npubDate: 2026-03-01', 'Start writing here.'),
      'posts/draft.md': post('title: B\ndescription: D.\npubDate: 2026-03-01\ndraft: true', 'Start writing here.'),
      'posts/rocket.md': post('title: C\ndescription: D.\npubDate: 2026-03-01\ntags: ["🚀", "🚀 launch", "...", "C++", "Writing Life", "Café"]'),
      'posts/variants.md': post('title: E\ndescription: D.\npubDate: 2026-03-01\ntags: [C, writing-life, writing_life, cafe, "Writer\'s Block", "C++"]'),
      'posts/more.md': post('title: F\ndescription: D.\npubDate: 2026-03-01\ntags: [writers block, C#]'),
    });
    const check = await checkSite(dir);
    expect(check.errors).toEqual([]);
    expect(check.warnings).toEqual([
      expect.stringMatching(/forgot\.md is published but still says "Start writing here\."/),
      expect.stringMatching(/rocket\.md has the tag "🚀", which is not shown: a tag needs a letter or digit for its page's address\.$/),
      expect.stringMatching(/rocket\.md has the tag "\.\.\.", which is not shown/),
      expect.stringMatching(
        /^the tags "C#" \(\S+more\.md\) and "C\+\+" \(\S+rocket\.md\) and "C" \(\S+variants\.md\) share one page, \/tags\/c\/, and are shown as one tag: rename one if they mean different things\.$/,
      ),
    ]);
  });

  it("names each picture of the Markdown that is not beside the post, with its line, as Astro's build would import it", async () => {
    const front = 'title: A\ndescription: D.\npubDate: 2026-03-01';
    const body = [
      'Here: ![a view](./images/gone.png) and ![there](./images/here.png).', // line 6: the first is missing
      '',
      '![my pic](./images/my%20pic.png) ![versioned](images/here.png?v=2)', // line 8: decoded and found; then there, but Astro shows no picture
      '',
      '`![code](./images/in-code.png)` \\![escaped](./images/escaped.png)',
      '',
      '```',
      '![fenced](./images/fenced.png)',
      '```',
      '',
      '![remote](https://example.org/x.png) ![public](/x.png) ![ref][r] <img src="./images/raw.png">',
      '',
      '[r]: ./images/by-reference.png',
    ].join('\n');
    const { dir, block, named } = await checkOf({
      'posts/pictures.md': post(front, body),
      'posts/pictures.mdx': post(front, '![a view](./images/gone-too.png)\n\n<aside>{1 + 1}</aside>'),
      'posts/images/here.png': PNG,
      'posts/images/my pic.png': PNG,
      'pages/about.md': post('title: About\ndescription: D.', '![me](./me.png)'),
      'blogroll/peer.md': post('name: P\nurl: https://p.example/\ndescription: Essays.\nsince: 2024-01-01', 'Why: ![p](./p.png)'),
    });
    expect(named).toEqual(['blogroll/peer.md', 'pages/about.md', 'posts/pictures.md', 'posts/pictures.mdx']);
    expect(block).toMatch(
      /pictures\.md\n {4}line 6: the picture \.\/images\/gone\.png is not there: put it next to the post, or fix the path\n {4}line 8: the picture images\/here\.png\?v=2 cannot have "\?" or "#" after its name: the build leaves it out; remove that part/,
    );
    expect(block).toMatch(/pictures\.mdx\n {4}line 6: the picture \.\/images\/gone-too\.png is not there/);
    expect(block).toMatch(/about\.md\n {4}line 5: the picture \.\/me\.png is not there/);
    expect(block).toMatch(/peer\.md\n {4}line 7: the picture \.\/p\.png is not there/);
    // An <img> tag's picture is never published, there or not (tests/unit/local-images.test.ts).
    expect(block).toMatch(/ {4}line 16: the picture \.\/images\/raw\.png of this <img> tag is not published/);
    for (const fine of ['./images/here.png ', 'my pic', 'in-code', 'escaped', 'fenced', 'example.org', '/x.png', 'by-reference'])
      expect(block).not.toContain(fine);
    const peer = `---\nname: P\nurl: https://p.example/\ndescription: Essays.\nsince: 2024-01-01\n---\nWhy: ![p](./p.png)\n`;
    expect(validateContentText(peer, path.join(dir, 'blogroll/p.md'), 'blogroll')).toEqual([
      { field: 'line 7', message: expect.stringMatching(/^the picture \.\/p\.png is not there/) },
    ]);
  });

  it('names every post or page that shares its address with another: Astro would publish only one', async () => {
    const front = 'title: A\ndescription: D.\npubDate: 2026-03-01';
    const { block, named } = await checkOf({
      'posts/my-post.md': post(front),
      'posts/My Post.mdx': post(`${front}\ndraft: true`),
      'posts/other.md': post(`${front}\nslug: my-post`),
      'posts/notes/index.md': post(front),
      'posts/notes.md': post(front),
      'posts/2024/my-post.md': post(front),
      'posts/fine.md': post(`${front}\nslug: fine-too`),
      'pages/now.md': post('title: Now\ndescription: D.'),
      'pages/Now.md': post('title: Now\ndescription: D.'),
    });
    expect(named).toEqual([
      'pages/Now.md',
      'pages/now.md',
      'posts/My Post.mdx',
      'posts/my-post.md',
      'posts/notes.md',
      'posts/notes/index.md',
      'posts/other.md',
    ]);
    expect(block).toMatch(
      /posts\/my-post\.md\n {4}has the same address, \/posts\/my-post\/, as \S+posts\/My Post\.mdx and \S+posts\/other\.md: only one would be published; rename a file, or give one a slug\n/,
    );
    expect(block).toMatch(/posts\/notes\/index\.md\n {4}has the same address, \/posts\/notes\/, as \S+posts\/notes\.md:/);
    expect(block).toMatch(/pages\/now\.md\n {4}has the same address, \/now\/, as \S+pages\/Now\.md:/);
  });

  it("names a post or page without an address, and a page at one of the site's own addresses", async () => {
    const page = post('title: P\ndescription: D.');
    const { block, named } = await checkOf({
      'posts/🚀.md': post('title: A\ndescription: D.\npubDate: 2026-03-01'),
      'posts/🚀 launch.md': post('title: B\ndescription: D.\npubDate: 2026-03-01'),
      'pages/Tags.md': page,
      'pages/posts/mine.md': page,
      'pages/search.mdx': page,
      'pages/mine.md': post('title: P\ndescription: D.\nslug: blogroll'),
      'pages/projects/one.md': page,
      'pages/tagged.md': page,
    });
    expect(named).toEqual(['pages/Tags.md', 'pages/mine.md', 'pages/posts/mine.md', 'pages/search.mdx', 'posts/🚀.md']);
    expect(block).toMatch(/🚀\.md\n {4}address: the file name has no letter or digit to make one from: rename the file, or give it a slug/);
    expect(block).toMatch(/Tags\.md\n {4}address \/tags\/ is the site's own page, so this one would not be published: rename the file, or give it a slug/);
    expect(block).toMatch(/posts\/mine\.md\n {4}address \/posts\/mine\/ is the site's own page/);
    expect(block).toMatch(/pages\/mine\.md\n {4}address \/blogroll\/ is the site's own page/);
  });

  it('names a slug no link can reach as written, and the slug to write instead', async () => {
    // Astro takes a slug as written: `..` and `//` failed the build (NoMatchingStaticPathFound),
    // and a post at `what?` was written to posts/what%3F/ while every link pointed to /posts/what?/.
    const front = (slug: string) => post(`title: A\ndescription: D.\npubDate: 2026-03-01\nslug: "${slug}"`);
    const { block, named } = await checkOf({
      'posts/up.md': front('../escaped'),
      'posts/double.md': front('2024//notes'),
      'posts/lead.md': front('/lead'),
      'posts/trail.md': front('trail/'),
      'posts/question.md': front('what?'),
      'posts/hash.md': front('c#-tips'),
      'posts/percent.md': front('100%'),
      'posts/space.md': front('My Post'),
      'pages/page.md': post('title: P\ndescription: D.\nslug: "now here"'),
      'posts/fine.md': front('2024/café-notes'),
      'posts/fine-too.md': front('My-Post_2.0'),
    });
    expect(named).toEqual([
      'pages/page.md',
      'posts/double.md',
      'posts/hash.md',
      'posts/lead.md',
      'posts/percent.md',
      'posts/question.md',
      'posts/space.md',
      'posts/trail.md',
      'posts/up.md',
    ]);
    expect(block).toMatch(
      /up\.md\n {4}slug "\.\.\/escaped" is not an address a link can reach: use letters, digits and hyphens, with \/ between parts, such as slug: escaped\n/,
    );
    expect(block).toMatch(/double\.md\n {4}slug "2024\/\/notes" .* such as slug: 2024\/notes\n/);
    expect(block).toMatch(/space\.md\n {4}slug "My Post" .* such as slug: my-post\n/);
    expect(block).toMatch(/hash\.md\n {4}slug "c#-tips" .* such as slug: c-tips\n/);
    expect(block).toMatch(/page\.md\n {4}slug "now here" .* such as slug: now-here\n/);
  });

  it('takes draft: true on a page as on a post, and names a draft that is not true or false', () => {
    const page = (extra: string) => post(`title: Now\ndescription: What I do now.\n${extra}`);
    expect(validateContentText(page('draft: true'), '/x/now.md', 'pages')).toEqual([]);
    expect(validateContentText(page('draft: maybe'), '/x/now.md', 'pages')).toEqual([{ field: 'draft', message: 'draft must be true or false' }]);
  });

  it("names what another engine's fields meant: a post it hid, and fields Frontrow reads under another name", async () => {
    const { block, named } = await checkOf({
      'posts/jekyll.md': post('title: A\ndescription: D.\ndate: 2019-03-01\npublished: false\ncategories: [essays, travel]'),
      'posts/ghost.md': post('title: B\ndescription: D.\npubDate: 2019-03-01\nstatus: draft\nfeature_image: ./cover.jpg'),
      'posts/hugo.md': post('title: C\nsummary: What it is about.\npubDate: 2019-03-01\nlastmod: 2019-04-01\nunlisted: true'),
      'posts/indieweb.md': post('pubDate: 2019-03-01\nin-reply-to: https://peer.example/post'),
      'pages/old.md': post('title: Old\ndescription: D.\nhidden: true'),
      // Said already in Frontrow's own words, or meaning nothing here: passed.
      'posts/both.md': post('title: E\ndescription: D.\npubDate: 2019-03-01\ndate: 2019-03-01\ncategories: [x]\ntags: [x]\nlayout: post\nstatus: published'),
      'posts/hidden-draft.md': post('title: F\ndescription: D.\npubDate: 2019-03-01\npublished: false\ndraft: true'),
      'posts/fuwari.md': post('title: G\ndescription: D.\npubDate: 2019-03-01\npublished: 2019-03-01\nupdated: 2019-03-02\nupdatedDate: 2019-03-02'),
    });
    expect(named).toEqual(['pages/old.md', 'posts/ghost.md', 'posts/hugo.md', 'posts/indieweb.md', 'posts/jekyll.md']);
    const hides = (field: string, thing = 'post') => `${field} hides a ${thing} in`;
    expect(block).toContain(
      `${hides('published: false')} Jekyll, but Frontrow would publish it: write draft: true to keep it off the site (or delete the line to publish it)`,
    );
    expect(block).toContain(`${hides('status: "draft"')} Ghost and WordPress`);
    expect(block).toContain(`${hides('unlisted: true')} Hugo themes`);
    expect(block).toContain(`${hides('hidden: true', 'page')} Hexo`);
    expect(block).toContain("date (from Jekyll, Hugo and Eleventy) is not read: Frontrow's field is pubDate; rename date to pubDate");
    expect(block).toContain(
      "categories (from Jekyll, Hugo and WordPress) is not read: Frontrow's field is tags; rename categories to tags, a list such as tags: [writing, community]",
    );
    expect(block).toContain("feature_image (from Ghost) is not read: Frontrow's field is image; rename feature_image to image");
    expect(block).toContain("summary (from Hugo) is not read: Frontrow's field is description");
    expect(block).toContain("lastmod (from Hugo) is not read: Frontrow's field is updatedDate");
    expect(block).toContain("in-reply-to (from IndieWeb themes) is not read: Frontrow's field is inReplyTo");
    expect(block).not.toMatch(/old\.md\n(?: {4}.*\n)*? {4}categories/);
  });

  it("names the date a Jekyll post's file name gives, when the post writes none, and its tags written as one text", async () => {
    const { block } = await checkOf({
      'posts/2015-11-17-welcome-to-jekyll.md': post('title: Welcome\ndescription: D.'),
      'posts/2015-02-30-not-a-day.md': post('title: Not a day\ndescription: D.'),
      'posts/spaced-tags.md': post('title: Tags\ndescription: D.\npubDate: 2015-11-17\ntags: jekyll update'),
      'posts/comma-tags.md': post('title: Tags\ndescription: D.\npubDate: 2015-11-17\ntags: "Writing Life, craft"'),
    });
    // Jekyll reads a text of tags too, split at spaces.
    expect(block).toContain('spaced-tags.md\n    tags must be a list, not one text: write tags: [jekyll, update]');
    expect(block).toContain('comma-tags.md\n    tags must be a list, not one text: write tags: [Writing Life, craft]');
    expect(block).toContain(
      "welcome-to-jekyll.md\n    pubDate is required: this file's name starts with 2015-11-17, the date Jekyll took from it; add the line pubDate: 2015-11-17",
    );
    expect(block).toMatch(/not-a-day\.md\n {4}pubDate is required: a real date such as/);
  });

  it("reads a Hugo post's TOML frontmatter (+++), as Astro does: its fields are checked and named, not missed", async () => {
    const toml = (lines: string) => `+++\n${lines}\n+++\nWords.\n`;
    const { block, named } = await checkOf({
      'posts/hugo.md': toml('title = "From Hugo"\ndescription = "D."\ndate = 2019-03-01T10:00:00+01:00\ndraft = true'),
      'posts/broken.md': toml('title = "x"\ntitle = "y"'),
      'posts/fine.md': toml('title = "Fine"\ndescription = "D."\npubDate = 2019-03-01\ntags = ["hugo"]'),
    });
    expect(named).toEqual(['posts/broken.md', 'posts/hugo.md']);
    expect(block).toContain("date (from Jekyll, Hugo and Eleventy) is not read: Frontrow's field is pubDate; rename date to pubDate");
    expect(block).not.toMatch(/title is required/);
    expect(block).toMatch(
      /broken\.md\n {4}frontmatter is not valid TOML: .*redefine.*\(frontmatter line 3\)\. Check the quotes and equals signs near that line\./,
    );
  });

  it('warns about a Markdown file the site never reads, and reads nothing in a folder kept out with _', async () => {
    const front = 'title: A\ndescription: D.\npubDate: 2026-03-01';
    const check = await checkSite(
      await site({
        'posts/Shouting.MD': post(front),
        'posts/jekyll-era.markdown': post(front),
        'posts/2019/Mixed.Mdx': post(front),
        'pages/about.mkd': post('title: About\ndescription: D.'),
        'blogroll/peer.mdx': post('name: P'),
        // Kept out on purpose, and never checked: a notes file, a drafts folder, an editor's folder.
        'posts/_notes.markdown': post(front),
        'posts/_drafts/half.md': post('title: half-written'),
        'posts/.trash/old.md': post('broken: ['),
        'posts/images/credits.txt': 'Photos by me.',
        'posts/fine.md': post(front),
      }),
    );
    expect(check.errors).toEqual([]);
    expect(check.warnings.map((w) => w.replace(/^\S*?(posts|pages|blogroll)\//, '$1/'))).toEqual([
      'posts/2019/Mixed.Mdx is not published: Frontrow reads only .md and .mdx files, with the ending in lower case. Rename it to Mixed.mdx.',
      'posts/Shouting.MD is not published: Frontrow reads only .md and .mdx files, with the ending in lower case. Rename it to Shouting.md.',
      'posts/jekyll-era.markdown is not published: Frontrow reads only .md and .mdx files, with the ending in lower case. Rename it to jekyll-era.md.',
      'pages/about.mkd is not published: Frontrow reads only .md and .mdx files, with the ending in lower case. Rename it to about.md.',
      'blogroll/peer.mdx is not published: Frontrow reads only .md files, with the ending in lower case. Rename it to peer.md.',
    ]);
  });

  it("says once per field name which fields nothing reads: not Frontrow's, not a misspelling, not another engine's", async () => {
    const front = 'title: A\ndescription: D.\npubDate: 2026-03-01';
    const check = await checkSite(
      await site({
        'posts/a.md': post(`${front}\nlayout: post\nmood: calm`),
        'posts/b.md': post(`${front}\nlayout: post\nslug: bee\ndate: 2026-03-01`),
        'posts/c.md': post(`${front}\ntags: [x]\ntag: y`),
        'pages/about.md': post('title: About\ndescription: D.\nlayout: page'),
      }),
    );
    expect(check.errors).toEqual([]);
    expect(check.warnings.map((w) => w.replace(/\S*?(posts|pages)\//g, '$1/'))).toEqual([
      'the field layout (in 3 files, such as posts/a.md) is not one Frontrow reads, so it is ignored: remove it, or see the fields in README.md',
      'the field mood (in posts/a.md) is not one Frontrow reads, so it is ignored: remove it, or see the fields in README.md',
      'the field tag (in posts/c.md) is not one Frontrow reads, so it is ignored: remove it, or see the fields in README.md',
    ]);
  });

  it('finds nothing wrong in a post with a title, a description, a real date and tags', () => {
    expect(validateContentText(post('title: A\ndescription: D.\npubDate: 2026-03-01\ntags: [Writing Life]'), '/x/a.md', 'posts')).toEqual([]);
  });

  it('names the same problems when the frontmatter comes from the cache of an earlier run', async () => {
    const files = {
      'posts/month-14.md': post('title: A\ndescription: D.\npubDate: 2026-14-02'),
      'posts/bad-yaml.md': post('title: "unclosed\ndescription: D.'),
      'posts/forgot.md': post('title: B\ndescription: D.\npubDate: 2026-03-01', 'Start writing here.'),
      'posts/fine.md': post('title: F\ndescription: D.\npubDate: 2026-03-01\ntags: [a, b]'),
    };
    const dir = await site(files);
    const first = path.join(dir, 'first.bin');
    const cache = await openFrontmatterCache(first);
    const direct = await checkSite(dir);
    expect(await checkSite(dir, cache)).toEqual(direct);
    await cache.save({ prune: true });
    // A later run: another process opens the cache the first one wrote.
    const later = path.join(dir, 'later.bin');
    await copyFile(first, later);
    const reopened = await openFrontmatterCache(later);
    expect(await checkSite(dir, reopened)).toEqual(direct);
    expect(direct.errors.map((e) => path.basename(e.file)).sort()).toEqual(['bad-yaml.md', 'month-14.md']);
    // Every shape of file reads as readRawFrontmatter reads it.
    const texts = [
      ...Object.values(files),
      'No frontmatter at all.\n',
      '---\ntitle: never closed\n',
      '\uFEFF---\r\ntitle: BOM and CRLF\r\n---\r\nBody.\r\n',
      '---\n---\nEmpty block.\n',
      '---\nratio: .inf\nnothing: .nan\nwhen: 2026-03-01\n---\n',
      '---\n- a list\n---\n',
    ];
    for (const text of texts) reopened.read(text);
    await reopened.save();
    const third = path.join(dir, 'third.bin');
    await copyFile(later, third);
    const fromDisk = await openFrontmatterCache(third);
    for (const text of texts) expect(fromDisk.read(text)).toEqual(readRawFrontmatter(text));
  });

  it('is keyed by the readers it keeps results of: a change to frontmatter.ts or mdx-check.ts comes with a new FORMAT', async () => {
    // The cache keeps readRawFrontmatter's and readMdx's results across runs; one kept from an
    // older reader would hide what the new one reads. When this fails, bump FORMAT in
    // frontmatter-cache.ts and write the new pair here.
    const readers = createHash('sha1');
    for (const file of ['frontmatter.ts', 'mdx-check.ts']) readers.update(await readFile(new URL(`../../src/lib/content/${file}`, import.meta.url)));
    const cache = await readFile(new URL('../../src/lib/content/frontmatter-cache.ts', import.meta.url), 'utf8');
    const pair = { readers: readers.digest('hex'), format: /const FORMAT = (\d+);/.exec(cache)?.[1] };
    expect(pair).toEqual({ readers: 'c1e3a804f0ec341c33dd8b700185ed9f408c6dfe', format: '7' });
  });
});

describe('links Markdown shows as written', () => {
  it('are named in a warning: a wiki link or embed that names nothing, a path with a space; wiki links to posts and pictures, code and <…> paths pass', async () => {
    const front = 'title: A\ndescription: D.\npubDate: 2026-03-01';
    const check = await checkSite(
      await site({
        'posts/obsidian.md': post(
          front,
          [
            'As in [[Other post]], [[notes/idea|the idea]] and [[Gone post]].', // line 6
            '',
            '![[photo.png]] and ![a photo](./my photo.png), ![[images/there.png|300]].', // line 8
            '',
            'Fine: [a file](<my file.md>), `[[code]]` and [[ unclosed.',
            '',
            '```',
            '[[fenced]]',
            '```',
          ].join('\n'),
        ),
        'posts/my file.md': post(front),
        'posts/images/there.png': PNG,
        'posts/phone.md': post(front, 'From my phone: ![[IMG_0001.heic]]'),
        'posts/IMG_0001.heic': Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic')]),
        'posts/Other post.md': post(front),
        'posts/notes/idea.md': post(front),
      }),
    );
    // A picture embedded that the build cannot show fails it, as one written ![…](…) does.
    expect(check.errors.map((e) => [path.basename(e.file), e.lines])).toEqual([
      ['phone.md', [expect.stringMatching(/^line 6: the picture \.\/IMG_0001\.heic is a kind the build cannot show \(\.heic\)/)]],
    ]);
    expect(check.warnings.map((w) => w.replace(/^\S*?posts\//, 'posts/'))).toEqual([
      "posts/obsidian.md line 6: [[Gone post]] names no post or page of the site, so it is shown as written: fix the name (a post's file name, such as [[my-first-post]]), or write a link.",
      'posts/obsidian.md line 8: ![[photo.png]] names no picture beside the post or in the content folder, so it is shown as written: fix the name, or write ![what it shows](<./photo.png>).',
      'posts/obsidian.md line 8: ![a photo](./my photo.png) is shown as written: Markdown reads a path with a space only inside <…>, as ![a photo](<./my photo.png>).',
    ]);
  });
});

describe('a wiki link to a part of a post', () => {
  it('is named in a warning when the post has no such heading or block, one it has passes however written, and a note embedded is named too', async () => {
    const front = 'title: A\ndescription: D.\npubDate: 2026-03-01';
    const check = await checkSite(
      await site({
        'posts/linking.md': post(
          front,
          [
            'See [[target#Notes]], [[target#Notes on *tea*]], [[target#^kept]], [[target#^table-1]] and [[target#Notes]].', // line 6
            '',
            'Not there: [[target#Gone heading]] and [[target#^gone]].', // line 8
            '',
            '![[target]]', // line 10: a note shown in place, as Obsidian does
          ].join('\n'),
        ),
        'posts/target.md': post(front, ['## Notes', '', '## Notes on `tea`', '', 'A thought. ^kept', '', '| a |', '|---|', '| 1 |', '', '^table-1'].join('\n')),
      }),
    );
    expect(check.warnings.map((w) => w.replace(/^\S*?posts\//, 'posts/'))).toEqual([
      'posts/linking.md line 8: [[target#Gone heading]] leads to posts/target.md, which has no heading "Gone heading": fix the heading\'s words, or link to the post alone.',
      'posts/linking.md line 8: [[target#^gone]] leads to posts/target.md, which has no block ^gone: end the paragraph there with " ^gone" (a block id, as Obsidian writes it), or link to the post alone.',
      'posts/linking.md line 10: ![[target]] shows another note in place in Obsidian; the site shows it as written: link to it as [[target]], or quote the words you want.',
    ]);
  });
});

describe("another engine's template tags", () => {
  it('are named in a warning with the Markdown to write (Liquid, Hugo, WordPress, kramdown), outside code, frontmatter and comments; closing tags, links and MDX are left alone', async () => {
    const front = 'title: A\ndescription: "Not {{ this }}."\npubDate: 2026-03-01';
    const check = await checkSite(
      await site({
        'posts/jekyll.md': post(
          front,
          [
            '{% highlight ruby %}', // line 6
            '# a comment',
            '{% endhighlight %}',
            '',
            'See [the last one]({% post_url 2019-05-01-last-one %}) and [about]({{ site.baseurl }}/about/).', // line 10
            '',
            '<img src="{{ "/assets/me.png" | relative_url }}" alt="Me"> {% include footer.html %}', // line 12
            '',
            'Fine: `{{ page.title }}`, <!-- {% comment %} --> and',
            '',
            '```liquid',
            '{% if user %}Hello {{ user.name }}{% endif %}',
            '```',
          ].join('\n'),
        ),
        'posts/hugo.md': post(
          front,
          [
            '{{< figure src="/images/desk.jpg" caption="My desk" >}}', // line 6
            '',
            '{{<youtube dQw4w9WgXcQ>}} and {{% notice info %}}Careful.{{% /notice %}}', // line 8
          ].join('\n'),
        ),
        'posts/wordpress.md': post(
          front,
          [
            '[caption id="attachment_12" align="aligncenter"]![A desk](https://example.org/desk.jpg) My desk[/caption]', // line 6
            '',
            'A [video](https://example.org/v), a [gallery][1] and a [link](https://example.org){:target="_blank"}.', // line 8
            '',
            '[embed]https://www.youtube.com/watch?v=x[/embed]', // line 10
            '',
            '[1]: https://example.org/g',
          ].join('\n'),
        ),
        'posts/fine.mdx': post(front, 'An object: {{ a: 1 }.a}'),
      }),
    );
    expect(check.errors).toEqual([]);
    // In MDX such a tag does not compile: the error on its line names it the same way.
    const mdx = await checkSite(await site({ 'posts/liquid.mdx': post(front, 'Code:\n\n{% highlight ruby %}\nputs 1\n{% endhighlight %}') }));
    expect(mdx.errors.map((e) => e.lines)).toEqual([
      [
        'line 8: MDX cannot read {% highlight ruby %}, a Liquid tag (Jekyll, Eleventy) that Frontrow does not run: write the code as a fenced block, opened by ```ruby and closed by ```',
      ],
    ]);
    expect(check.warnings.map((w) => w.replace(/^\S*?posts\//, 'posts/'))).toEqual([
      'posts/hugo.md line 6: {{< figure src="/images/desk.jpg" caption="My desk" >}} is a Hugo shortcode: Frontrow runs no templates, so readers see it as written: write the picture as ![My desk](/images/desk.jpg).',
      'posts/hugo.md line 8: {{<youtube dQw4w9WgXcQ>}} is a Hugo shortcode: Frontrow runs no templates, so readers see it as written, and the site embeds nothing from other sites: link to the video instead, as [its title](https://www.youtube.com/watch?v=dQw4w9WgXcQ).',
      'posts/hugo.md line 8: {{% notice info %}} is a Hugo shortcode: Frontrow runs no templates, so readers see it as written: write what it showed in Markdown, or remove it.',
      'posts/jekyll.md line 6: {% highlight ruby %} is a Liquid tag (Jekyll, Eleventy): Frontrow runs no templates, so readers see it as written, and Markdown reads the code after it as prose: write the code as a fenced block, opened by ```ruby and closed by ```.',
      "posts/jekyll.md line 10: {% post_url 2019-05-01-last-one %} is a Liquid tag (Jekyll, Eleventy): Frontrow runs no templates, so readers see it as written: link to the post's file instead, as [its title](./2019-05-01-last-one.md), which the build turns into the post's address.",
      "posts/jekyll.md line 10: {{ site.baseurl }} is a Liquid variable (Jekyll, Eleventy): Frontrow runs no templates, so readers see it as written: remove it, as the build adds the site's base path to a link that starts with /.",
      'posts/jekyll.md line 12: {{ "/assets/me.png" | relative_url }} is a Liquid variable (Jekyll, Eleventy): Frontrow runs no templates, so readers see it as written: write /assets/me.png, as the build adds the site\'s base path to a link that starts with /.',
      'posts/jekyll.md line 12: {% include footer.html %} is a Liquid tag (Jekyll, Eleventy): Frontrow runs no templates, so readers see it as written: Frontrow has no includes, so write what it showed here.',
      'posts/wordpress.md line 6: [caption id="attachment_12" align="aligncenter"] is a WordPress shortcode: Frontrow runs no templates, so readers see it as written: write the picture as ![what it shows](its path), and the caption as the text after it.',
      'posts/wordpress.md line 8: {:target="_blank"} is a kramdown attribute list (Jekyll): Markdown here reads none, so readers see it as written: remove it.',
      'posts/wordpress.md line 10: [embed] is a WordPress shortcode: Frontrow runs no templates, so readers see it as written, and the site embeds nothing from other sites: link to it instead.',
    ]);
  });
});

describe("a picture from the site's root", () => {
  it('is named in a warning when public/ does not have it, with both fixes; one public/ has, or a route of the site, passes', async () => {
    const front = 'title: A\ndescription: D.\npubDate: 2026-03-01';
    const check = await checkSite(
      await site({
        'posts/from-jekyll.md': post(
          front,
          [
            '![A desk](/assets/img/my%20desk.jpg) and <img src="/images/chart.png" alt="A chart">', // line 6
            '',
            'Fine: ![The icon](/favicon.svg), ![kept](/pictures/abc.png), `![code](/x.png)`, [a link](/about/).',
          ].join('\n'),
        ),
      }),
    );
    expect(check.warnings.map((w) => w.replace(/^\S*?posts\//, 'posts/'))).toEqual([
      'posts/from-jekyll.md line 6: the picture /assets/img/my desk.jpg is not in public/, so readers would see none: put it next to the post and write ![what it shows](./my desk.jpg), or copy it to public/assets/img/my desk.jpg.',
      'posts/from-jekyll.md line 6: the picture /images/chart.png is not in public/, so readers would see none: put it next to the post and write ![what it shows](./chart.png), or copy it to public/images/chart.png.',
    ]);
  });
});

describe('a link to a post not published yet', () => {
  it('is named in a warning from a published post, not from a draft', async () => {
    const check = await checkSite(
      await site({
        'posts/out.md': post(
          'title: A\ndescription: D.\npubDate: 2026-03-01',
          'See [the draft](./draft.md), [the later one](later.md) and [a published one](./out.md).\n\nAnd [[draft|the draft again]].',
        ),
        'posts/also-draft.md': post('title: B\ndescription: D.\npubDate: 2026-03-01\ndraft: true', 'See [the draft](./draft.md).'),
        'posts/draft.md': post('title: C\ndescription: D.\npubDate: 2026-03-01\ndraft: true'),
        'posts/later.md': post('title: D\ndescription: D.\npubDate: 2999-01-01'),
      }),
    );
    expect(check.errors).toEqual([]);
    expect(check.warnings.map((w) => w.replace(/^\S*?posts\//, 'posts/'))).toEqual([
      'posts/out.md line 6: the link to ./draft.md leads to a draft: readers get a missing page until it is published.',
      'posts/out.md line 6: the link to later.md leads to a post scheduled for later: readers get a missing page until it is published.',
      'posts/out.md line 8: the link to [[draft|the draft again]] leads to a draft: readers get a missing page until it is published.',
    ]);
  });
});

describe('HTML the published site drops without a word', () => {
  it('says nothing of a picture from another site, however written: the build keeps a copy', async () => {
    const front = 'title: A\ndescription: D.\npubDate: 2026-03-01';
    const check = await checkSite(
      await site({
        'posts/tags.md': post(
          front,
          [
            '<img src="https://example.org/a.png" alt="A">',
            '',
            'A chart ![by reference][chart] and ![inline](https://example.org/b.png).',
            '',
            '[chart]: https://example.org/chart.png',
          ].join('\n'),
        ),
        'posts/jsx.mdx': post(front, 'A <img src="https://example.org/c.png" alt="C" /> here.'),
      }),
    );
    expect([check.errors, check.warnings]).toEqual([[], []]);
  });

  it('is named in a warning with its line: an embed, a script, a style attribute, in Markdown and MDX; code, JSON-LD and Markdown pass', async () => {
    const front = 'title: A\ndescription: D.\npubDate: 2026-03-01';
    const check = await checkSite(
      await site({
        'posts/embed.md': post(
          front,
          [
            '<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>', // line 6
            '',
            '<p>Red: <span style="color: red">warm</span></p>', // line 8
            '',
            '<script src="https://example.org/widget.js"></script>', // line 10
            '',
            '<script type="application/ld+json">{"@type": "Thing"}</script>',
            '',
            '`<iframe src="x">` and:',
            '',
            '```html',
            '<script>alert(1)</script>',
            '```',
          ].join('\n'),
        ),
        'posts/widget.mdx': post(front, 'A <span style={{ color: "red" }}>warm</span> word.\n\n<iframe src="https://example.org/" />'),
        'pages/about.md': post('title: About\ndescription: D.', '<div style="float: left">Me.</div>'),
        'posts/plain.md': post(front, 'A <em>plain</em> <a href="https://example.org/">link</a>.'),
      }),
    );
    expect(check.errors).toEqual([]);
    const said = check.warnings.map((w) => w.replace(/^\S*?(posts|pages)\//, '$1/'));
    expect(said).toEqual([
      'posts/embed.md line 6: this <iframe> shows in the preview but not on the published site, which embeds nothing from other sites: link to it instead.',
      'posts/embed.md line 8: this style="…" attribute works in the preview but not on the published site, which applies only its own stylesheets: remove it.',
      'posts/embed.md line 10: this <script> runs in the preview but not on the published site, which runs only its own scripts: remove it, or link to what it shows.',
      expect.stringMatching(/^posts\/widget\.mdx line 6: this style="…" attribute/),
      expect.stringMatching(/^posts\/widget\.mdx line 8: this <iframe>/),
      expect.stringMatching(/^pages\/about\.md line 5: this style="…" attribute/),
    ]);
  });
});
