import { statSync } from 'node:fs';
// Straight to the module, not the blogroll's index.ts: that face loads Zod, YAML and the feed
// parser (about 200 ms of CPU), more than the whole warm check is allowed.
import { readPeerTexts, type PeerText } from '../blogroll/peer-texts.ts';
import { alignPassages } from './align.ts';
import type { OriginalityConfig } from './config.ts';
import { analyzeDocument, type AnalyzedDocument } from './document.ts';
import type { ArchiveView } from './query-index.ts';
import type { Match } from './report.ts';
import { reusedShare } from './reuse.ts';
import { contentWords, keyTerms, round, sharedPhrases, topicScore, vectorOf, wordContainment, type TermVector } from './topic.ts';
import { cosine } from './vector.ts';

/**
 * Peers' recent posts (the blogroll's feed cache) against a draft. A close one is reported as
 * a `peer` match: "they wrote about this: link to them, add what only you can say". It never
 * changes the verdict, which is about the writer's own archive.
 */

export interface PeerPost {
  text: PeerText;
  doc: AnalyzedDocument;
  words: Set<string>;
}

/** The analysed corpus per cache file, kept while the file's mtime and size stay the same. */
const memo = new Map<string, { stamp: string; posts: PeerPost[] }>();

/** Peers' posts from `cacheFile`, analysed; [] when there is no cache. */
export function loadPeerPosts(cacheFile: string): PeerPost[] {
  let stamp: string;
  try {
    const stats = statSync(cacheFile);
    stamp = `${stats.mtimeMs}:${stats.size}`;
  } catch {
    return [];
  }
  const known = memo.get(cacheFile);
  if (known?.stamp === stamp) return known.posts;
  const posts = readPeerTexts(cacheFile).map((text) => {
    // A plain-text "file": no frontmatter or Markdown to read in a peer's words.
    const doc = analyzeDocument('peer.txt', `${text.title}\n\n${text.text}`);
    return { text, doc, words: contentWords(doc) };
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
export function peerScore(draftVector: TermVector, draftWords: Set<string>, view: ArchiveView, post: PeerPost): { score: number; vector: TermVector } {
  const vector = vectorOf(view, post.doc.termFrequencies);
  return { score: topicScore(cosine(draftVector.weights, vector.weights), post.text.full ? wordContainment(draftWords, post.words, false) : wordContainment(post.words, draftWords, false)), vector };
}

/** Peer matches of one draft, best first: score ≥ peerThreshold, or a reused passage. */
export function peerMatches(view: ArchiveView, config: OriginalityConfig, draftDoc: AnalyzedDocument, draftVector: TermVector, posts: readonly PeerPost[]): Match[] {
  const draftWords = contentWords(draftDoc);
  const matches: Match[] = [];
  for (const post of posts) {
    const { score, vector } = peerScore(draftVector, draftWords, view, post);
    // Alignment only where a passage is possible: full text, and at least related.
    const aligned = post.text.full && score >= config.relatedThreshold ? alignPassages(draftDoc, post.doc, { passageThreshold: config.passageThreshold, minPassageWords: config.minPassageWords }) : [];
    if (score < config.peerThreshold && aligned.length === 0) continue;
    matches.push({
      file: post.text.url,
      title: post.text.title,
      date: post.text.date,
      kind: 'peer',
      score: round(score),
      topicScore: round(score),
      reuse: round(reusedShare(draftDoc, aligned.map((p) => p.draft))),
      terms: keyTerms(draftVector, vector, draftDoc),
      phrases: sharedPhrases(view, draftDoc, post.doc),
      sections: [],
      passages: aligned.map((p) => ({
        draft: { ...p.draft, text: draftDoc.source.slice(p.draft.start, p.draft.end) },
        archive: { ...p.archive, text: post.doc.source.slice(p.archive.start, p.archive.end) },
        similarity: round(p.similarity),
      })),
      peer: post.text.peer,
      url: post.text.url,
    });
  }
  return matches.sort((a, b) => b.score - a.score);
}
