import { readFileSync } from 'node:fs';
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
describe('frontmatter kept in the index', () => {
  it('gives the same document as parsing the file, for every fixture post, drafts included', async () => {
    const files = await listPostFiles(FIXTURE_POSTS, false);
    const { index } = updateIndex(FIXTURE_POSTS, files, join(tempDir('known'), 'index.sqlite'), (p) => p);
    let withTitle = 0;
    for (const file of files) {
      const post = index.find(file)!;
      const source = readFileSync(file, 'utf8');
      const known = knownFrontmatter(post, source);
      expect(known, file).toBeDefined();
      if (known!.authoredTitle) withTitle++;
      expect(analyzeDocument(file, source, false, known), file).toEqual(analyzeDocument(file, source));
    }
    expect(withTitle).toBeGreaterThan(0);
    expect(index.draftPaths().length).toBeGreaterThan(0);
  });

  it('is not used once the file changed', async () => {
    const files = await listPostFiles(FIXTURE_POSTS, false);
    const { index } = updateIndex(FIXTURE_POSTS, files, join(tempDir('known'), 'index.sqlite'), (p) => p);
    const post = index.find(files[0]!)!;
    expect(knownFrontmatter(post, `${readFileSync(files[0]!, 'utf8')}\nOne more line.\n`)).toBeUndefined();
  });
});
