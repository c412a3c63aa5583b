import { copyFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOriginality, failsOn, formatReport, peerSentence, type OriginalityReport } from '../../../src/lib/originality/index.ts';
import { defaultConfig, fixture, FIXTURE_POSTS, NOW, tempDir } from './helpers.ts';

/**
 * Peers in the originality report: the fixture feed cache holds three peers (full content for
 * two, summaries only for the third, whose name is hostile) with posts that argue what some
 * fixture drafts argue, and posts that do not.
 */
const PEER_CACHE = resolve('tests/fixtures/originality/peers/blogroll-feeds.json');
const VERDICTS = resolve('tests/fixtures/originality/verdicts');
const cacheDir = tempDir('peers');

const check = (drafts: string[], extra: { peerCache?: string; config?: Partial<ReturnType<typeof defaultConfig>> } = {}) =>
  checkOriginality({
    postsDir: FIXTURE_POSTS,
    drafts,
    config: { ...defaultConfig(), ...extra.config },
    cacheDir,
    now: NOW,
    ...(extra.peerCache ? { peerCache: extra.peerCache } : {}),
  });
const peersOf = (report: OriginalityReport, n = 0) => report.drafts[n]!.matches.filter((m) => m.kind === 'peer');

// Which fixture draft argues what which peer post argues (every other pair is a negative).
const SAME_THESIS: Record<string, string> = {
  [fixture('draft-original-voice-memos.md')]: 'https://ines.example/2026/voice-memos/', // full content
  [join(VERDICTS, 'original-flashcards.md')]: 'https://marta.example/flashcards-facts-ideas', // full content
  [fixture('draft-original-meeting-notes.md')]: 'https://theo.example/meeting-notes', // summary only
  [join(VERDICTS, 'original-handwriting.md')]: 'https://theo.example/paper', // summary only
};

describe('peers in the originality report', () => {
  it('reports a peer post that argues the same thing, with the name, URL and date, and keeps the verdict', async () => {
    const draft = fixture('draft-original-voice-memos.md');
    const without = await check([draft]);
    const withPeers = await check([draft], { peerCache: PEER_CACHE });
    const [peer, ...others] = peersOf(withPeers);
    expect(others).toEqual([]);
    expect(peer).toMatchObject({
      kind: 'peer',
      peer: 'Ines Barros',
      url: 'https://ines.example/2026/voice-memos/',
      file: 'https://ines.example/2026/voice-memos/',
      date: '2026-05-20',
      title: 'Drafting out loud: voice memos on my afternoon walk',
    });
    expect(peer!.score).toBeGreaterThanOrEqual(withPeers.thresholds.peer);
    expect(peer!.terms).toContain('voice');
    // The verdict and the archive's matches are exactly what they are without peers.
    expect(withPeers.drafts[0]!.verdict).toBe(without.drafts[0]!.verdict);
    expect(withPeers.drafts[0]!.matches.filter((m) => m.kind !== 'peer')).toEqual(without.drafts[0]!.matches);
    expect(peersOf(without)).toEqual([]);
    expect(peerSentence(peer!)).toBe('Ines Barros wrote about this on 2026-05-20: link to them, add what only you can say.');
  });

  it('finds a peer whose feed carries only a summary, and reads their name as plain text', async () => {
    const [peer] = peersOf(await check([fixture('draft-original-meeting-notes.md')], { peerCache: PEER_CACHE }));
    expect(peer?.url).toBe('https://theo.example/meeting-notes');
    // Tags stay text (pages escape them); the terminal escape character is gone.
    expect(peer?.peer).toBe('Theo <b>Nakamura</b>[31m');
    expect(peer?.peer).not.toMatch(/[\u0000-\u001f]/);
  });

  it('separates same-thesis peer posts from the rest at the default threshold, on every fixture draft', async () => {
    const drafts = [
      ...Object.keys(SAME_THESIS),
      fixture('draft-light-rehash-weekly-review.md'),
      fixture('draft-heavy-rehash-tags.md'),
      fixture('draft-reused-paragraph-decision-journal.md'),
      join(VERDICTS, 'original-no-templates.md'),
      join(VERDICTS, 'original-brag-document.md'),
      join(VERDICTS, 'reuse-verbatim-code-review.md'),
    ];
    const report = await check(drafts, { peerCache: PEER_CACHE });
    const found = Object.fromEntries(report.drafts.map((_, i) => [drafts[i]!, peersOf(report, i).map((m) => m.url)]));
    for (const draft of drafts) expect(found[draft], draft).toEqual(SAME_THESIS[draft] ? [SAME_THESIS[draft]] : []);
  });

  it('never fails a check and never judges a draft too short to judge', async () => {
    const report = await check([fixture('draft-original-voice-memos.md')], { peerCache: PEER_CACHE });
    expect(peersOf(report)).toHaveLength(1);
    expect(failsOn(report, 'passage')).toBe(false);
    expect(failsOn(report, 'rehash')).toBe(false);
    const short = await check([fixture('draft-original-voice-memos.md')], { peerCache: PEER_CACHE, config: { minDraftWords: 10_000 } });
    expect(peersOf(short)).toEqual([]);
  });

  it('drops posts without an http(s) link, and reads a missing or damaged cache as no peers', async () => {
    const all = await check([fixture('draft-original-voice-memos.md')], { peerCache: PEER_CACHE, config: { peerThreshold: 0 } });
    const urls = peersOf(all).map((m) => m.url);
    expect(urls.length).toBeGreaterThan(5);
    expect(urls.every((u) => /^https:\/\//.test(u!))).toBe(true);
    expect(peersOf(all).some((m) => m.title.includes('script'))).toBe(false);
    const dir = tempDir('peers-damaged');
    writeFileSync(join(dir, 'broken.json'), '{"version": 1, "feeds": ');
    expect(peersOf(await check([fixture('draft-original-voice-memos.md')], { peerCache: join(dir, 'broken.json') }))).toEqual([]);
    expect(peersOf(await check([fixture('draft-original-voice-memos.md')], { peerCache: join(dir, 'missing.json') }))).toEqual([]);
  });

  it('sees a cache that changed since the last check in the same process', async () => {
    const dir = tempDir('peers-changed');
    const file = join(dir, 'feeds.json');
    writeFileSync(file, JSON.stringify({ version: 1, feeds: {} }));
    const draft = fixture('draft-original-voice-memos.md');
    expect(peersOf(await check([draft], { peerCache: file }))).toEqual([]);
    copyFileSync(PEER_CACHE, file);
    expect(peersOf(await check([draft], { peerCache: file })).map((m) => m.peer)).toEqual(['Ines Barros']);
  });

  it('prints the sentence and the link in the terminal report', async () => {
    const text = formatReport(await check([fixture('draft-original-voice-memos.md')], { peerCache: PEER_CACHE }), { color: false, width: 100 });
    expect(text.replace(/\s+/g, ' ')).toContain(
      '→ Ines Barros wrote about this on 2026-05-20: link to them, add what only you can say. "Drafting out loud: voice memos on my afternoon walk" https://ines.example/2026/voice-memos/',
    );
    expect(text).toMatch(/peer\s+2026-05-20\s+Drafting out loud/);
    expect(text).toMatch(/similarity 0\.\d\d ≥ 0\.32 \(peer threshold\)/);
    expect(text).toContain("Summary: 0 rehash, 0 passage, 1 original; 1 close to a peer's post");
  });
});
