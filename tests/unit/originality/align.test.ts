import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alignPassages } from '../../../src/lib/originality/passage-alignment.ts';
import { analyzeDocument } from '../../../src/lib/originality/document.ts';
import { fixture } from './helpers.ts';

const archivePath = fixture('2023-03-19-capture-everything-is-a-trap.md');
const archiveSource = readFileSync(archivePath, 'utf8');
const archive = analyzeDocument(archivePath, archiveSource);
const paragraph = archiveSource.split('\n\n').find((p) => p.startsWith('Capture is cheap.'))!;

const NEW_TEXT = [
  'My grandmother kept recipes on index cards in a tin box, and she could find any of them in seconds.',
  'The box never grew beyond what she cooked, because a card only went in after the dish had been made twice.',
  'That rule is the opposite of how most of us treat the web, where the button to keep something is always one tap away.',
].join(' ');

const draftOf = (middle: string) =>
  `---\ntitle: Recipe cards\npubDate: 2026-01-01\ndraft: true\n---\n\n${NEW_TEXT}\n\n${middle}\n\nThe tin box is still in my kitchen, and it still holds fewer than two hundred cards, each one tested and stained.\n`;

describe('alignPassages', () => {
  it('finds a copied paragraph with exact ranges on both sides', () => {
    const source = draftOf(paragraph);
    const passages = alignPassages(analyzeDocument('d.md', source), archive);
    expect(passages).toHaveLength(1);
    const [p] = passages;
    expect(source.slice(p!.draft.start, p!.draft.end)).toBe(paragraph);
    expect(archiveSource.slice(p!.archive.start, p!.archive.end)).toBe(paragraph);
    expect(p!.similarity).toBeGreaterThan(0.95);
  });

  it('finds a lightly reworded paragraph', () => {
    const reworded = paragraph
      .replace('Capture is cheap.', 'Capturing costs nothing.')
      .replace('makes saving something a single tap', 'turns saving into one tap')
      .replace('That is exactly the problem.', 'That is the whole problem.')
      .replace('It is not handled; it is postponed.', 'It is not handled, only postponed.');
    expect(reworded).not.toBe(paragraph);
    const passages = alignPassages(analyzeDocument('d.md', draftOf(reworded)), archive);
    expect(passages).toHaveLength(1);
    expect(passages[0]!.similarity).toBeGreaterThan(0.6);
    expect(passages[0]!.similarity).toBeLessThan(1);
  });

  it('reports nothing for new text on the same subject', () => {
    expect(
      alignPassages(analyzeDocument('d.md', draftOf('Saving things is easy these days, but I rarely go back to what I saved, and the pile grows.')), archive),
    ).toEqual([]);
  });

  it('ignores a copied span shorter than minPassageWords', () => {
    const sentence = 'Capture is cheap. The read-later button, the web clipper and the share sheet make saving something a single tap.';
    expect(alignPassages(analyzeDocument('d.md', draftOf(sentence)), archive, { minPassageWords: 25 })).toEqual([]);
    expect(alignPassages(analyzeDocument('d.md', draftOf(sentence)), archive, { minPassageWords: 10 })).toHaveLength(1);
  });
});
