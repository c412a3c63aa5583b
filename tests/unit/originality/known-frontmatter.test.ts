import { cpSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../../src/lib/originality/document.ts';
import { knownFrontmatter, updateIndex } from '../../../src/lib/originality/index-build.ts';
import { listPostFiles } from '../../../src/lib/originality/posts.ts';
import { FIXTURE_POSTS, tempDir } from './helpers.ts';

/**
 * A warm check reads unchanged posts (and an unchanged draft) with the frontmatter the index
 * kept, without parsing YAML: the result must be the document a fresh parse gives.
 */
async function expectSameDocuments(root: string, cacheFile: string) {
  const files = await listPostFiles(root, false);
  const { index } = updateIndex(root, files, cacheFile, (p) => p);
  let withTitle = 0;
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const known = knownFrontmatter(index.find(file)!, source);
    expect(known, file).toBeDefined();
    if (known!.authoredTitle) withTitle++;
    expect(analyzeDocument(file, source, false, known), file).toEqual(analyzeDocument(file, source));
  }
  expect(withTitle).toBeGreaterThan(0);
  return index;
}

describe('frontmatter kept in the index', () => {
  it('survives rows rewritten around it: a post added, a post renamed', async () => {
    const root = tempDir('known-posts');
    cpSync(FIXTURE_POSTS, root, { recursive: true });
    const cacheFile = join(tempDir('known'), 'index.sqlite');
    await expectSameDocuments(root, cacheFile);
    writeFileSync(
      join(root, '0000-01-01-first.md'),
      '---\ntitle: First of all\ndescription: A new post that sorts first.\npubDate: 2020-01-01\n---\n\nNew words about gardens and bees.\n',
    );
    const files = await listPostFiles(root, false);
    renameSync(files.at(-1)!, `${files.at(-1)!.replace(/\.mdx?$/, '')}-renamed.md`);
    await expectSameDocuments(root, cacheFile);
  });

  it('gives the same document as parsing the file, for every fixture post, drafts included', async () => {
    const index = await expectSameDocuments(FIXTURE_POSTS, join(tempDir('known'), 'index.sqlite'));
    expect(index.draftPaths().length).toBeGreaterThan(0);
  });

  it('is not used once the file changed', async () => {
    const files = await listPostFiles(FIXTURE_POSTS, false);
    const { index } = updateIndex(FIXTURE_POSTS, files, join(tempDir('known'), 'index.sqlite'), (p) => p);
    const post = index.find(files[0]!)!;
    expect(knownFrontmatter(post, `${readFileSync(files[0]!, 'utf8')}\nOne more line.\n`)).toBeUndefined();
  });
});
