import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderedPages, reusedPages } from '../../scripts/lib/page-log.ts';
import { copyContent, repoRoot, runAstro, siteEnv, workDir } from '../helpers/astro.ts';
import { filesOf } from '../helpers/files.ts';
import { addSiteSettings } from '../../scripts/lib/site-settings.ts';

// Incremental rebuild (experimental.incrementalBuild, the pages' cache keys, the related-posts
// cache): a rebuild that reuses the last build's cache writes exactly what a clean build of the
// same content writes, after a post is edited while a picture in another is replaced under the
// same name (one rebuild: each change must render its own post again), and after only a
// reader's response arrives. The fixture site plus the originality archive
// (eleven posts on one theme, so related posts and neighbours really change).
const archive = path.join(repoRoot, 'tests/fixtures/originality/posts');
const EDITED = 'posts/archive/2023-02-12-atomic-notes.md';
const DELETED = 'posts/archive/2023-10-15-index-notes.md';
const ANSWERED = 'posts/first-light/index.html';
const LINKING = 'posts/archive/2023-04-23-links-beat-tags.md';

/** The responses cache the build hook keeps (src/lib/responses/store.ts), with these replies to "First Light". */
function responsesCache(replies: string[]): string {
  const items = replies.map((text, i) => ({
    id: `webmention:${i + 1}`,
    channel: 'webmention',
    kind: 'reply',
    target: 'https://fixture.example/blog/posts/first-light/',
    url: `https://reader${i + 1}.example/replies/${i + 1}`,
    author: { name: `Reader ${i + 1}`, url: `https://reader${i + 1}.example/` },
    published: `2024-05-0${i + 1}T10:00:00Z`,
    text,
  }));
  return JSON.stringify({ version: 1, webmention: { targets: {}, items }, social: {}, giscus: { items: [] }, avatars: {} });
}

async function build(content: string, dist: string, cache: string, responses: string): Promise<string> {
  const result = await runAstro(['build'], siteEnv(content, dist, cache, { FRONTROW_OFFLINE: '1', FRONTROW_RESPONSES_CACHE: responses }));
  if (result.code !== 0) throw new Error(`astro build failed (exit ${result.code}):\n${result.output}`);
  return result.output;
}

/** Files whose bytes differ between two builds, or that only one has. */
function differences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const names = new Set([...a.keys(), ...b.keys()]);
  return [...names].filter((name) => !a.get(name)?.equals(b.get(name) ?? Buffer.alloc(0)) || !b.has(name)).sort();
}

const text = (files: Map<string, Buffer>, file: string) => files.get(file)?.toString('utf8') ?? '';

let firstLog: string;
/** What the first build left in its cache folder (`FRONTROW_CACHE_DIR`). */
let firstCache: string[];
let afterEdit: {
  log: string;
  incremental: Map<string, Buffer>;
  clean: Map<string, Buffer>;
  gitHead: string | undefined;
  besideDist: string[];
  store: string;
};
let afterResponse: { log: string; incremental: Map<string, Buffer>; clean: Map<string, Buffer> };
let afterPageEdit: { log: string; incremental: Map<string, Buffer>; clean: Map<string, Buffer> };
let afterDelete: { log: string; incremental: Map<string, Buffer>; clean: Map<string, Buffer> };
beforeAll(async () => {
  const content = await copyContent();
  await cp(archive, path.join(content, 'posts', 'archive'), { recursive: true });
  // A page for each year of the archive (2024, 2023), so their cache keys are held to a clean build too.
  // The search index in parts of four post pages, as a large archive's in parts of 1,500.
  await addSiteSettings(content, { archiveOnOnePage: 2, searchPartSize: 4 });
  // A post links to another by its file: its page holds the other's address, which the edit below moves.
  const linking = path.join(content, LINKING);
  await writeFile(linking, `${await readFile(linking, 'utf8')}\nTools come last: [the app does not matter](./2023-08-06-the-app-does-not-matter.md).\n`);
  const work = await workDir('incremental');
  const cache = path.join(work, 'cache');
  const dist = path.join(work, 'dist');
  const responses = path.join(work, 'responses.json');
  await writeFile(responses, responsesCache(['What a lovely first light.']));
  firstLog = await build(content, dist, cache, responses);
  firstCache = await readdir(cache, { recursive: true });

  // The writer retitles a post and adds a paragraph on another topic of the archive, and
  // replaces a picture that "First Light" shows in its text, under the same name. The edit
  // alone leaves "First Light" restored (it is neither a neighbour nor related), so the one
  // rebuild shows both: the edit and the picture each render their own post again. The
  // rebuild writes into the last build's dist/.
  const file = path.join(content, EDITED);
  const source = await readFile(file, 'utf8');
  await writeFile(
    file,
    source.replace(/^title: .*$/m, 'title: "Atomic notes, revisited"') +
      '\nA weekly review of every note keeps the system honest: the weekly review is where notes meet projects.\n',
  );
  // The linked post gets an address of its own: the post linking to its file, unchanged, must follow.
  const linked = path.join(content, 'posts/archive/2023-08-06-the-app-does-not-matter.md');
  // Its old address is kept, so links to it still reach it.
  await writeFile(
    linked,
    (await readFile(linked, 'utf8')).replace(/^pubDate: /m, 'slug: archive/apps\naliases: [/posts/archive/2023-08-06-the-app-does-not-matter/]\npubDate: '),
  );
  const picture = path.join(content, 'posts/images/square.svg');
  await writeFile(picture, (await readFile(picture, 'utf8')).replace(/<\/svg>\s*$/, '<circle cx="1" cy="1" r="1"/></svg>\n'));
  // The last output holds a page an older build made and a repository (some deploy dist/ as one).
  await writeFile(path.join(dist, 'left-by-an-older-build.html'), '<p>stale</p>');
  await mkdir(path.join(dist, '.git'), { recursive: true });
  await writeFile(path.join(dist, '.git', 'HEAD'), 'ref: refs/heads/main\n');
  // Each rebuild runs beside the clean build it is compared with: both only read the content.
  const editClean = path.join(work, 'clean-after-edit');
  const [editLog] = await Promise.all([
    build(content, dist, cache, responses),
    build(content, path.join(editClean, 'dist'), path.join(editClean, 'cache'), responses),
  ]);
  afterEdit = {
    store: await readFile(path.join(cache, 'data-store.json'), 'utf8'),
    log: editLog,
    incremental: await filesOf(dist),
    clean: await filesOf(path.join(editClean, 'dist')),
    gitHead: await readFile(path.join(dist, '.git', 'HEAD'), 'utf8').catch(() => undefined),
    besideDist: await readdir(work),
  };

  // A reader answers: only the responses cache changes. This rebuild starts from an empty
  // dist/ (same place: Astro's image module names it), as in the deploy workflow's fresh
  // checkout, so unchanged pages are restored from the cache.
  await writeFile(responses, responsesCache(['What a lovely first light.', 'A second voice joins the thread.']));
  await rm(dist, { recursive: true });
  const responseClean = path.join(work, 'clean-after-response');
  const [responseLog] = await Promise.all([
    build(content, dist, cache, responses),
    build(content, path.join(responseClean, 'dist'), path.join(responseClean, 'cache'), responses),
  ]);
  afterResponse = { log: responseLog, incremental: await filesOf(dist), clean: await filesOf(path.join(responseClean, 'dist')) };

  // Only a standalone page changes: no post page does, so the search index is the last build's.
  const about = path.join(content, 'pages/about.md');
  await writeFile(about, `${await readFile(about, 'utf8')}\nA line added to the about page only.\n`);
  const pageClean = path.join(work, 'clean-after-page-edit');
  const [pageLog] = await Promise.all([
    build(content, dist, cache, responses),
    build(content, path.join(pageClean, 'dist'), path.join(pageClean, 'cache'), responses),
  ]);
  afterPageEdit = { log: pageLog, incremental: await filesOf(dist), clean: await filesOf(path.join(pageClean, 'dist')) };

  // A post is deleted; the output folder is as the last build left it, so it is kept.
  await rm(path.join(content, DELETED));
  const deleteClean = path.join(work, 'clean-after-delete');
  const [deleteLog] = await Promise.all([
    build(content, dist, cache, responses),
    build(content, path.join(deleteClean, 'dist'), path.join(deleteClean, 'cache'), responses),
  ]);
  afterDelete = { log: deleteLog, incremental: await filesOf(dist), clean: await filesOf(path.join(deleteClean, 'dist')) };
}, 900_000);

describe('an incremental rebuild after editing one post and replacing a picture in another under the same name', () => {
  it('reuses the pages the edit does not touch, and renders the edited post again', () => {
    expect(reusedPages(afterEdit.log).size).toBeGreaterThan(0);
    expect(renderedPages(afterEdit.log)).toContain('/posts/archive/2023-02-12-atomic-notes/index.html');
  });

  it('renders the post whose picture was replaced again, though its words did not change', () => {
    expect(renderedPages(afterEdit.log)).toContain('/posts/first-light/index.html');
  });

  it('writes every file byte for byte as a clean build does', () => {
    expect(differences(afterEdit.incremental, afterEdit.clean)).toEqual([]);
  });

  it('keeps the content store its own engine made (an older engine’s would be read again)', () => {
    // The store notes the engine version that made it (withEngineVersion); the same one keeps it.
    expect(afterEdit.store).toContain('frontrow-engine-version');
    expect(afterEdit.log).not.toContain("The engine's code changed");
  });

  it("indexes the post pages again for search, Pagefind writing only what changed over the last index's files", () => {
    const reuse = /Search index: \d+ pages read in \d+ ms, (\d+) of the last build's (\d+) files unchanged/.exec(afterEdit.log);
    expect(reuse).not.toBeNull();
    const [unchanged, last] = [Number(reuse![1]), Number(reuse![2])];
    // The edited post's fragment and the index chunks holding its words changed; the rest did not.
    expect(unchanged).toBeGreaterThan(0);
    expect(unchanged).toBeLessThan(last);
  });

  it('starts from an empty output folder, keeping a repository in it, and leaves nothing beside it', () => {
    expect(afterEdit.incremental.has('left-by-an-older-build.html')).toBe(false);
    expect(afterEdit.gitHead).toBe('ref: refs/heads/main\n');
    expect(afterEdit.besideDist.filter((name) => name.includes('previous'))).toEqual([]);
  });

  it("keeps the engine's caches in the build's cache folder, so a clean build beside it starts cold", () => {
    expect(firstCache).toContain('frontrow-frontmatter.bin');
    expect(firstCache.filter((f) => /^frontrow-originality[/\\]index-\w+\.sqlite$/.test(f))).toHaveLength(1);
  });

  it("leaves no copy of the content store the pages read (the store itself is Astro's)", () => {
    expect(firstCache).toContain('data-store.json');
    expect(firstCache).not.toContain('frontrow-pages-store.json');
  });

  it('finds every related post again, beside the build: the archive changed', () => {
    // Every published post is answered by the originality worker, none by the pages themselves.
    expect(firstLog).toMatch(/Related posts: \d+ posts computed in \d+ ms beside the build, 0 here/);
    expect(afterEdit.log).toMatch(/Related posts: \d+ posts computed in \d+ ms beside the build, 0 here/);
  });

  it("follows a linked post's new address in a post that links to its file, though the linking post did not change", () => {
    const page = text(afterEdit.incremental, 'posts/archive/2023-04-23-links-beat-tags/index.html');
    expect(page).toContain('<a href="/blog/posts/archive/apps/">the app does not matter</a>');
    expect(page).not.toContain('.md"');
    expect(afterEdit.incremental.has('posts/archive/apps/index.html')).toBe(true);
    // Its old address sends readers on, in the place of its old page.
    const old = text(afterEdit.incremental, 'posts/archive/2023-08-06-the-app-does-not-matter/index.html');
    expect(old).toContain('<meta http-equiv="refresh" content="0;url=/blog/posts/archive/apps/">');
    expect(old).toContain('<link rel="canonical" href="https://fixture.example/blog/posts/archive/apps/">');
    expect(text(afterEdit.incremental, 'sitemap-0.xml')).not.toContain('2023-08-06-the-app-does-not-matter');
  });

  it('shows the edit on the post, its neighbours and the lists', () => {
    expect(text(afterEdit.incremental, 'posts/archive/2023-02-12-atomic-notes/index.html')).toContain('where notes meet projects');
    expect(text(afterEdit.incremental, 'posts/archive/2023-01-08-the-weekly-review/index.html')).toContain('Atomic notes, revisited');
    expect(text(afterEdit.incremental, 'archive/2023/index.html')).toContain('Atomic notes, revisited');
    expect(text(afterEdit.incremental, 'archive/index.html')).toContain('/blog/archive/2023/');
  });
});

describe('an incremental rebuild after only a response arrives', () => {
  it('takes the search index from the last build: a response is not text for search', () => {
    expect(afterResponse.log).toMatch(/Search index: the last build's, no post's text for search changed/);
  });

  it('renders the answered post again and restores the others', () => {
    expect(renderedPages(afterResponse.log)).toContain('/posts/first-light/index.html');
    expect(reusedPages(afterResponse.log)).toContain('/posts/archive/2023-02-12-atomic-notes/index.html');
  });

  it('shows the new response under the post', () => {
    expect(text(afterResponse.incremental, ANSWERED)).toContain('What a lovely first light.');
    expect(text(afterResponse.incremental, ANSWERED)).toContain('A second voice joins the thread.');
  });

  it('writes every file byte for byte as a clean build does', () => {
    expect(differences(afterResponse.incremental, afterResponse.clean)).toEqual([]);
  });
});

describe('an incremental rebuild after only a standalone page is edited', () => {
  it('takes every related post from the last build: no post changed', () => {
    expect(afterPageEdit.log).toMatch(/Related posts: \d+ posts from the cache in \d+ ms beside the build, 0 here/);
  });

  it("keeps the last build's output folder, untouched since, with its unchanged pages in place", () => {
    expect(afterPageEdit.log).toMatch(/The last build's output is kept \(\d+ files, untouched since it ended\)/);
    expect(reusedPages(afterPageEdit.log).size).toBeGreaterThan(0);
    // Every file of the last build is one this build makes again (the sitemap's included).
    expect(afterPageEdit.log).not.toMatch(/Removed \d+ file/);
  });

  it('takes the search index from the last build: no post page changed', () => {
    expect(afterPageEdit.log).toMatch(/Search index: the last build's, no post's text for search changed/);
    expect(text(afterPageEdit.incremental, 'about/index.html')).toContain('A line added to the about page only.');
  });

  it('writes every file byte for byte as a clean build does', () => {
    expect(differences(afterPageEdit.incremental, afterPageEdit.clean)).toEqual([]);
  });
});

describe('an incremental rebuild after a post is deleted, into the output folder the last build left', () => {
  it("keeps the folder and removes the deleted post's page", () => {
    expect(afterDelete.log).toMatch(/The last build's output is kept/);
    // Exactly what the last build had and this one does not make (its page, the last page of the
    // home list); the search index's folder is Pagefind's to prune.
    const gone = [...afterPageEdit.incremental.keys()].filter((file) => !afterDelete.incremental.has(file) && !file.startsWith('pagefind'));
    expect(gone).toContain('posts/archive/2023-10-15-index-notes/index.html');
    expect(afterDelete.log).toContain(`Removed ${gone.length} file(s) of the last build's output that this build no longer makes`);
    expect(afterDelete.incremental.has('posts/archive/2023-10-15-index-notes/index.html')).toBe(false);
    expect(afterPageEdit.incremental.has('posts/archive/2023-10-15-index-notes/index.html')).toBe(true);
  });

  it("reads again only the search index's part that held the deleted post", () => {
    // Two parts or more at once, a Pagefind process a core (at most four).
    const atOnce = Math.min(availableParallelism(), 4);
    expect(firstLog).toMatch(new RegExp(`Search index: \\d+ pages read in \\d+ ms; 4 of its 4 parts read${atOnce > 1 ? `, ${atOnce} at a time` : ''}\n`));
    expect(afterDelete.log).toMatch(
      /Search index: \d+ pages read in \d+ ms, \d+ of the last build's \d+ files unchanged; 1 of its 4 parts read, the other 3 the last build's/,
    );
  });

  it('writes every file byte for byte as a clean build does, the search index included', () => {
    expect(differences(afterDelete.incremental, afterDelete.clean)).toEqual([]);
  });
});

describe('one search index (no searchPartSize), rebuilt after an edit and after a response', () => {
  let afterEditLog = '';
  let afterResponseLog = '';
  let editDiff: string[] = [];
  let responseDiff: string[] = [];
  beforeAll(async () => {
    const content = await copyContent();
    const work = await workDir('incremental-one-index');
    const [dist, cache, responses] = ['dist', 'cache', 'responses.json'].map((name) => path.join(work, name)) as [string, string, string];
    await writeFile(responses, responsesCache(['What a lovely first light.']));
    await build(content, dist, cache, responses);
    // An edit to a post's words: the one index is read again over the last one's files.
    const post = path.join(content, 'posts/third-post.md');
    await writeFile(post, `${await readFile(post, 'utf8')}\nA closing line about the wind turning.\n`);
    const editClean = path.join(work, 'clean-after-edit');
    [afterEditLog] = await Promise.all([
      build(content, dist, cache, responses),
      build(content, path.join(editClean, 'dist'), path.join(editClean, 'cache'), responses),
    ]);
    editDiff = differences(await filesOf(dist), await filesOf(path.join(editClean, 'dist')));
    // A response only changes a post's footer, which search does not read: the index is the last build's.
    await writeFile(responses, responsesCache(['What a lovely first light.', 'A second voice joins the thread.']));
    const responseClean = path.join(work, 'clean-after-response');
    [afterResponseLog] = await Promise.all([
      build(content, dist, cache, responses),
      build(content, path.join(responseClean, 'dist'), path.join(responseClean, 'cache'), responses),
    ]);
    responseDiff = differences(await filesOf(dist), await filesOf(path.join(responseClean, 'dist')));
  }, 600_000);

  it("reads every post page again after an edit, writing only what changed over the last index's files", () => {
    expect(afterEditLog).toMatch(/Search index: \d+ pages read in \d+ ms, \d+ of the last build's \d+ files unchanged\n/);
    expect(editDiff).toEqual([]);
  });

  it("takes the last build's index after a response, and writes what a clean build writes", () => {
    expect(afterResponseLog).toMatch(/Search index: the last build's, no post's text for search changed/);
    expect(responseDiff).toEqual([]);
  });
});
