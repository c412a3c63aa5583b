import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOriginality } from '../../../src/lib/originality/index.ts';
import { originalityConfigSchema } from '../../../src/lib/originality/config.ts';
import { workDirSync } from '../../helpers/astro.ts';

/**
 * Every passage the originality engine reports points at exactly its text in the source file:
 * `source.slice(start, end) === text`, for drafts and archive posts with frontmatter, CRLF line
 * ends, code blocks, MDX imports and emoji (issue 11, point 4). Read-only use of the engine.
 */

const WORDS = (
  'garden notebook river lantern morning habit review archive letter window harvest bicycle ' +
  'kitchen library meadow thunder compass pencil orchard journal candle ribbon silver market ' +
  'ladder mirror forest cottage harbor blanket teacup sparrow pebble velvet marble saddle'
).split(' ');
const EMOJI = ['🌱', '📚', '👩‍💻', '🇵🇹', '❤️', '🙂'];

const sentence = fc
  .array(fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...WORDS) }, { weight: 1, arbitrary: fc.constantFrom(...EMOJI) }), { minLength: 8, maxLength: 16 })
  .map((words) => `${words.join(' ').replace(/^./, (c) => c.toUpperCase())}.`);
const paragraph = fc.array(sentence, { minLength: 3, maxLength: 5 }).map((s) => s.join(' '));
const extra = fc.constantFrom(
  '```js\nconst garden = "notebook river lantern";\n```',
  "import Callout from '@/components/Callout.astro';",
  '## A heading with 🌱 emoji',
  '> A quoted line about the meadow and the harbor.',
  '- a list item\n- another item about the orchard',
);

const frontmatter = (title: string, draft: boolean) =>
  `---\ntitle: "${title}"\ndescription: "x"\npubDate: 2024-01-01\ntags: [notes]\n${draft ? 'draft: true\n' : ''}---\n`;
const temp = (prefix: string) => workDirSync(`property-${prefix}`);

describe('originality passages', () => {
  it('source.slice(start, end) === text, on both sides, as read from the files', async () => {
    let passages = 0;
    const config = originalityConfigSchema.parse(undefined);
    await fc.assert(
      fc.asyncProperty(
        fc.array(paragraph, { minLength: 2, maxLength: 4 }),
        fc.array(fc.oneof(paragraph, extra), { maxLength: 4 }),
        fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        async (archiveParagraphs, draftExtras, picks, crlf, mdx, bom) => {
          // Windows editors write CRLF and sometimes a byte-order mark.
          const eol = (text: string) => `${bom ? '\uFEFF' : ''}${crlf ? text.replace(/\n/g, '\r\n') : text}`;
          const dir = temp('posts');
          const copied = picks.map((i) => archiveParagraphs[i % archiveParagraphs.length]!);
          const body = [...(mdx ? ["import { Image } from 'astro:assets';"] : []), ...draftExtras.slice(0, 2), ...copied, ...draftExtras.slice(2)];
          writeFileSync(path.join(dir, 'archive.md'), eol(`${frontmatter('Archive 📚', false)}\n${archiveParagraphs.join('\n\n')}\n`));
          writeFileSync(path.join(dir, mdx ? 'draft.mdx' : 'draft.md'), eol(`${frontmatter('Draft 🌱', true)}\n${body.join('\n\n')}\n`));
          const report = await checkOriginality({ postsDir: dir, config, cacheDir: temp('cache') });
          for (const draft of report.drafts) {
            const draftSource = readFileSync(path.resolve(dir, path.basename(draft.file)), 'utf8');
            for (const match of draft.matches) {
              const archiveSource = readFileSync(path.resolve(dir, path.basename(match.file)), 'utf8');
              for (const passage of match.passages) {
                passages++;
                expect(draftSource.slice(passage.draft.start, passage.draft.end)).toBe(passage.draft.text);
                expect(archiveSource.slice(passage.archive.start, passage.archive.end)).toBe(passage.archive.text);
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
    expect(passages).toBeGreaterThan(20); // the generator does produce reused passages
  }, 120_000);
});
