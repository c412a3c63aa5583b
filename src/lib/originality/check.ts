import { alignPassages } from './passage-alignment.ts';
import { cosine } from './vector.ts';
import { fingerprintsOf } from './document.ts';
import type { OriginalityConfig } from './config.ts';
import { type ArchiveView, postAt } from './archive-view.ts';
import type { IndexedPost } from './index-store.ts';
import { contentPositions, shingleHashes, type AnalyzedDocument } from './document.ts';
import { argumentScore, outsideSpans, reusedShare } from './reuse.ts';
import { verdictOf, type DraftReport, type Match, type MatchKind, type ReusedPassage } from './report.ts';
import {
  contentWords,
  keyTerms,
  matchingSections,
  round,
  sharedFingerprints,
  sharedPhrases,
  topicScore,
  topicScores,
  vectorOf,
  wordContainment,
  type TermVector,
} from './topic-score.ts';

/** One draft against the archive: candidates, passage alignment, scores and evidence. */

export interface CheckContext {
  view: ArchiveView;
  config: OriginalityConfig;
  /** Loads and analyses an archive post (only the few candidates are ever loaded). */
  loadPost: (post: IndexedPost) => Promise<AnalyzedDocument>;
  displayPath: (path: string) => string;
  /** Peers' recent posts to compare with too (`peer` matches); loaded only when there are some. */
  peerMatches?: (draftDoc: AnalyzedDocument, draftVector: TermVector) => Match[];
}

/**
 * Posts read and scored in full: the best by (approximate) tf-idf cosine, and those sharing
 * the most fingerprints (a copied paragraph inside a post on another subject).
 */
const TOPIC_CANDIDATES = 8;
const FINGERPRINT_CANDIDATES = 5;
const MIN_SHARED_FINGERPRINTS = 1;
const MIN_CANDIDATE_TOPIC = 0.05;
/** Containment in both directions (see wordContainment). */
const SYMMETRIC = true;

/**
 * Match score: topic score raised by the share of the draft's wording found verbatim in the
 * post (content-word 3-grams). A near-copy therefore outranks a light rewrite, which outranks a
 * heavy one, which outranks an independent post on the same subject (the ordering measured on
 * Clough & Stevenson).
 */
export function matchScore(topic: number, verbatimShare: number, reuseWeight: number): number {
  return Math.min(1, topic + (1 - topic) * reuseWeight * verbatimShare);
}

/** Share of the draft's content-word 3-grams that also occur in the archive post. */
export function verbatimShare(draftShingles: Uint32Array, archiveDoc: AnalyzedDocument): number {
  if (draftShingles.length === 0) return 0;
  const archive = new Set(shingleHashes(archiveDoc.tokens, contentPositions(archiveDoc.tokens)));
  let shared = 0;
  for (const h of draftShingles) if (archive.has(h)) shared++;
  return shared / draftShingles.length;
}

export interface ScoredCandidate {
  post: IndexedPost;
  postIndex: number;
  /** Topic score of the whole draft against the post. */
  topicWhole: number;
  /** Topic score of what the draft says outside the reused spans (= topicWhole without spans). */
  topicRest: number;
  /** Topic score used for the verdict: see argumentScore. */
  topic: number;
  /** Share of the draft's words inside spans reused from this post. */
  reuse: number;
  verbatimShare: number;
  score: number;
  passages: ReusedPassage[];
  archiveDoc: AnalyzedDocument;
  archiveVector: TermVector;
}

export async function scoreCandidates(
  ctx: CheckContext,
  draftDoc: AnalyzedDocument,
): Promise<{ candidates: ScoredCandidate[]; vector: ReturnType<typeof vectorOf> }> {
  const { view, config } = ctx;
  const vector = vectorOf(view, draftDoc.termFrequencies);
  const topic = topicScores(view, vector);
  const shared = sharedFingerprints(view, fingerprintsOf(draftDoc));
  const draftWords = contentWords(draftDoc);
  const draftShingles = shingleHashes(draftDoc.tokens, contentPositions(draftDoc.tokens));
  const byTopic = [...topic.keys()]
    .filter((p) => topic[p]! >= MIN_CANDIDATE_TOPIC)
    .sort((a, b) => topic[b]! - topic[a]!)
    .slice(0, TOPIC_CANDIDATES);
  const byPrints = [...shared.keys()]
    .filter((p) => shared[p]! >= MIN_SHARED_FINGERPRINTS)
    .sort((a, b) => shared[b]! - shared[a]!)
    .slice(0, FINGERPRINT_CANDIDATES);
  const candidates: ScoredCandidate[] = [];
  for (const postIndex of new Set([...byTopic, ...byPrints])) {
    const post = postAt(view, postIndex);
    const archiveDoc = await ctx.loadPost(post);
    const archiveVector = vectorOf(view, archiveDoc.termFrequencies);
    const topicOfPost = topicScore(cosine(vector.weights, archiveVector.weights), wordContainment(draftWords, contentWords(archiveDoc), SYMMETRIC));
    // Alignment is the costly step: only for posts that share a fingerprint (a copied
    // sentence) or are at least related; a reworded passage in an unrelated post is rare.
    const aligned =
      shared[postIndex]! > 0 || topicOfPost >= config.relatedThreshold
        ? alignPassages(draftDoc, archiveDoc, { passageThreshold: config.passageThreshold, minPassageWords: config.minPassageWords })
        : [];
    const verbatim = verbatimShare(draftShingles, archiveDoc);
    const reuse = reusedShare(
      draftDoc,
      aligned.map((p) => p.draft),
    );
    const rest =
      reuse > 0
        ? outsideSpans(
            draftDoc,
            aligned.map((p) => p.draft),
          )
        : null;
    const topicRest = rest
      ? topicScore(
          cosine(vectorOf(view, rest.termFrequencies).weights, archiveVector.weights),
          wordContainment(rest.words, contentWords(archiveDoc), SYMMETRIC),
        )
      : topicOfPost;
    const passages = aligned.map((p) => ({
      draft: { ...p.draft, text: draftDoc.source.slice(p.draft.start, p.draft.end) },
      archive: { ...p.archive, text: archiveDoc.source.slice(p.archive.start, p.archive.end) },
      similarity: round(p.similarity),
    }));
    candidates.push({
      post,
      postIndex,
      topicWhole: topicOfPost,
      topicRest,
      topic: argumentScore(topicOfPost, topicRest, reuse),
      reuse,
      verbatimShare: verbatim,
      score: matchScore(topicOfPost, verbatim, config.reuseWeight),
      passages,
      archiveDoc,
      archiveVector,
    });
  }
  return { candidates: candidates.sort((a, b) => b.score - a.score), vector };
}

export async function checkDraft(ctx: CheckContext, draftPath: string, draftDoc: AnalyzedDocument): Promise<DraftReport> {
  const { view, config } = ctx;
  const { candidates, vector } = await scoreCandidates(ctx, draftDoc);
  // A few sentences share words with everything: too little text to tell an argument apart.
  const judged = draftDoc.words >= config.minDraftWords;
  const matches: Match[] = [];
  let related = 0;
  for (const c of candidates) {
    let kind: MatchKind;
    if (judged && c.topic >= config.rehashThreshold) kind = 'rehash';
    else if (judged && c.passages.length > 0) kind = 'passage';
    else if (c.score >= config.relatedThreshold && related < config.maxRelated) {
      kind = 'related';
      related++;
    } else continue;
    matches.push({
      file: ctx.displayPath(c.post.path),
      title: c.post.title,
      date: c.post.date,
      kind,
      score: round(c.score),
      topicScore: round(c.topic),
      reuse: judged ? round(c.reuse) : 0,
      terms: keyTerms(vector, c.archiveVector, draftDoc),
      phrases: kind === 'related' ? [] : sharedPhrases(view, draftDoc, c.archiveDoc),
      sections: kind === 'rehash' ? matchingSections(view, draftDoc, c.archiveDoc) : [],
      passages: judged ? c.passages : [],
    });
  }
  // After the archive's matches, and only for a judged draft: a few sentences resemble anything.
  if (judged && ctx.peerMatches) matches.push(...ctx.peerMatches(draftDoc, vector));
  return {
    file: ctx.displayPath(draftPath),
    title: draftDoc.meta.title,
    verdict: verdictOf(matches),
    words: draftDoc.words,
    note: judged ? null : `too short to judge: ${draftDoc.words} words, the check needs ${config.minDraftWords}`,
    matches,
  };
}
