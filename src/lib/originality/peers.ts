import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
// Straight to the module, not the blogroll's index.ts: that face loads Zod, YAML and the feed
// parser (about 200 ms of CPU), more than the whole warm check is allowed.
import { readPeerTexts, type PeerText } from '../blogroll/peer-texts.ts';
import { alignPassages } from './passage-alignment.ts';
import { fingerprintsOf } from './document.ts';
import type { OriginalityConfig } from './config.ts';
import { analyzeDocument, type AnalyzedDocument } from './document.ts';
import type { ArchiveView } from './archive-view.ts';
import type { Match } from './report.ts';
import { reusedShare } from './reuse.ts';
import { contentWords, keyTerms, round, sharedPhrases, topicScore, vectorOf, wordContainment, type TermVector } from './topic-score.ts';
import { cosine } from './vector.ts';

/**
 * Peers' recent posts (the blogroll's feed cache) against a draft. A close one is reported as
 * a `peer` match: "they wrote about this: link to them, add what only you can say". It never
 * changes the verdict, which is about the writer's own archive.
 */

export interface PeerPost {
  text: PeerText;
  /** What scoring needs (terms and word forms), cached on disk; the full analysis on demand. */
  termFrequencies: Map<string, number>;
  words: Set<string>;
  /** Winnowed 3-word fingerprints, as in the archive index: a shared one means a copied run. */
  fingerprints: Set<number>;
  doc: () => AnalyzedDocument;
}

/** The analysed corpus per cache file, kept while the file's mtime and size stay the same. */
const memo = new Map<string, { stamp: string; posts: PeerPost[] }>();
const FEATURES_VERSION = 2;

/** A peer's post as a plain-text "file": no frontmatter or Markdown to read in their words. */
const analyze = (text: PeerText, termsOnly: boolean) => analyzeDocument('peer.txt', `${text.title}\n\n${text.text}`, termsOnly);

/**
 * Peers' posts from `cacheFile`, ready to score; [] when there is no cache. Analysing a few
 * hundred posts (tokens, stems) costs more than a whole warm check, so their terms and word
 * forms are kept in `featuresDir` (the index cache folder), keyed by the feed cache's mtime and
 * size: a warm run reads them, and analyses in full only the few posts it reports.
 */
export function loadPeerPosts(cacheFile: string, featuresDir: string): PeerPost[] {
  let stamp: string;
  try {
    const stats = statSync(cacheFile);
    stamp = `${FEATURES_VERSION}:${stats.mtimeMs}:${stats.size}`;
  } catch {
    return [];
  }
  const known = memo.get(cacheFile);
  if (known?.stamp === stamp) return known.posts;
  const texts = readPeerTexts(cacheFile);
  const featuresFile = join(featuresDir, `peers-${createHash('sha1').update(resolve(cacheFile)).digest('hex').slice(0, 16)}.json`);
  let stored: { stamp?: string; posts?: [string, [string, number][], string[], number[]][] } = {};
  try {
    stored = JSON.parse(readFileSync(featuresFile, 'utf8'));
  } catch {
    // Not computed yet: below.
  }
  let features =
    stored.stamp === stamp && stored.posts?.length === texts.length && stored.posts.every((p, i) => p[0] === texts[i]!.url) ? stored.posts : undefined;
  if (!features) {
    features = texts.map((text) => {
      const doc = analyze(text, true);
      return [text.url, [...doc.termFrequencies], [...contentWords(doc)], [...fingerprintsOf(doc)]];
    });
    try {
      mkdirSync(featuresDir, { recursive: true });
      const temporary = `${featuresFile}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify({ stamp, posts: features }));
      renameSync(temporary, featuresFile);
    } catch {
      // A read-only cache folder costs the next run the analysis, nothing else.
    }
  }
  const posts = texts.map((text, i): PeerPost => {
    let full: AnalyzedDocument | undefined;
    return {
      text,
      termFrequencies: new Map(features[i]![1]),
      words: new Set(features[i]![2]),
      fingerprints: new Set(features[i]![3]),
      doc: () => (full ??= analyze(text, false)),
    };
  });
  memo.set(cacheFile, { stamp, posts });
  return posts;
}

/**
 * Similarity of a draft and a peer's post: the topic score (tf-idf cosine with the archive's idf,
 * and vocabulary containment), scored on what the feed carries. With the full post, containment
 * is the share of the draft's words the post uses, as for the archive. Most feeds carry only a
 * summary of a few dozen words, which can hold little of a draft's vocabulary; there it is the
 * share of the summary's words the draft uses. (Measured on the fixture peers, see
 * docs/originality.md, "Peers".)
 */
export function peerContainment(draftWords: Set<string>, post: PeerPost): number {
  return post.text.full ? wordContainment(draftWords, post.words, false) : wordContainment(post.words, draftWords, false);
}

export function peerScore(draftVector: TermVector, containment: number, view: ArchiveView, post: PeerPost): { score: number; vector: TermVector } {
  const vector = vectorOf(view, post.termFrequencies);
  return { score: topicScore(cosine(draftVector.weights, vector.weights), containment), vector };
}

/** Peer matches of one draft, best first: score ≥ peerThreshold, or a reused passage. */
export function peerMatches(
  view: ArchiveView,
  config: OriginalityConfig,
  draftDoc: AnalyzedDocument,
  draftVector: TermVector,
  posts: readonly PeerPost[],
): Match[] {
  const draftWords = contentWords(draftDoc);
  const draftPrints = fingerprintsOf(draftDoc);
  const matches: Match[] = [];
  for (const post of posts) {
    const containment = peerContainment(draftWords, post);
    const sharesPrint = post.text.full && draftPrints.some((h) => post.fingerprints.has(h));
    // The score is √(cosine × containment) and a cosine is at most 1: most posts are out on
    // containment alone, before the costlier vector.
    if (containment < config.peerThreshold ** 2 && !sharesPrint) continue;
    const { score, vector } = peerScore(draftVector, containment, view, post);
    // Alignment (and the full analysis it needs) only where a passage is likely: a full text
    // that is a match, or that shares a fingerprint (a copied run of about ten words).
    const aligned =
      post.text.full && (score >= config.peerThreshold || sharesPrint)
        ? alignPassages(draftDoc, post.doc(), { passageThreshold: config.passageThreshold, minPassageWords: config.minPassageWords })
        : [];
    if (score < config.peerThreshold && aligned.length === 0) continue;
    matches.push({
      file: post.text.url,
      title: post.text.title,
      date: post.text.date,
      kind: 'peer',
      score: round(score),
      topicScore: round(score),
      reuse: round(
        reusedShare(
          draftDoc,
          aligned.map((p) => p.draft),
        ),
      ),
      terms: keyTerms(draftVector, vector, draftDoc),
      phrases: sharedPhrases(view, draftDoc, post.doc()),
      sections: [],
      passages: aligned.map((p) => ({
        draft: { ...p.draft, text: draftDoc.source.slice(p.draft.start, p.draft.end) },
        archive: { ...p.archive, text: post.doc().source.slice(p.archive.start, p.archive.end) },
        similarity: round(p.similarity),
      })),
      peer: post.text.peer,
      url: post.text.url,
    });
  }
  return matches.sort((a, b) => b.score - a.score);
}
