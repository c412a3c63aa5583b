import { z } from 'zod';

/**
 * The `originality` section of the site configuration: thresholds for the draft check.
 * Owned by the originality engine; the site schema embeds it. Defaults are tuned on the
 * evaluation corpora and the fixture archive (see docs/originality.md, "Accuracy").
 */
export const originalityConfigSchema = z
  .strictObject({
    /** Make `npm run build` fail when a draft has this verdict (`passage` also fails on `rehash`). */
    failOn: z.enum(['none', 'rehash', 'passage']).default('none'),
    /**
     * Match score in [0, 1] from which an archive post counts as "you already wrote this".
     * In the fixture archive, posts on the same theme but another thesis score 0.12-0.21 against
     * each other, a full rewrite of an old post in new words 0.36, a light edit 0.93.
     */
    rehashThreshold: z.number().min(0).max(1).default(0.28),
    /** Match score from which an archive post is listed as related (an off-topic post: 0.11). */
    relatedThreshold: z.number().min(0).max(1).default(0.15),
    /**
     * Passage similarity in [0, 1] (tf-isf cosine of the two spans) from which a span counts as
     * reused. 0.45 keeps false detections on PAN-13 no-plagiarism pairs at 1%.
     */
    passageThreshold: z.number().min(0).max(1).default(0.45),
    /** Shortest reused span, in words, worth reporting. */
    minPassageWords: z.number().int().min(5).default(25),
    /**
     * Drafts with fewer words of prose are not judged (verdict `original`, with a note; matches
     * listed as related): a few sentences share words with everything.
     */
    minDraftWords: z.number().int().min(0).default(75),
    /** How much the share of the draft reused from a post raises its score (0: topic only). */
    reuseWeight: z.number().min(0).max(1).default(0.5),
    /**
     * Similarity in [0, 1] from which a peer's recent post (from the blogroll's feed cache) is
     * reported as "they wrote about this". Scored on what their feed carries, often a summary;
     * chosen on the fixture peers (docs/originality.md, "Peers"). Never changes the verdict.
     */
    peerThreshold: z.number().min(0).max(1).default(0.32),
    /** Most related (lower-scoring) posts listed per draft, and returned by default by relatedPosts. */
    maxRelated: z.number().int().min(0).max(50).default(5),
  })
  .prefault({});

export type OriginalityConfig = z.output<typeof originalityConfigSchema>;
