import type { SectionMatch } from './topic-score.ts';

/** The JSON report of `npm run originality -- --json`; documented in docs/originality.md. */

export interface TextSpan {
  /** Character offsets into the source file (frontmatter included), end exclusive. */
  start: number;
  end: number;
  text: string;
}

export interface ReusedPassage {
  draft: TextSpan;
  archive: TextSpan;
  /** How close the two spans are, in [0, 1]: 1 is a verbatim copy. */
  similarity: number;
}

/** `peer`: a peer's recent post (the blogroll's feed cache); never part of the verdict. */
export type MatchKind = 'rehash' | 'passage' | 'related' | 'peer';
export type Verdict = 'rehash' | 'passage' | 'original';

export interface Match {
  /** The archive post's path; for a `peer` match, the peer post's URL (as `url`). */
  file: string;
  title: string;
  date: string | null;
  kind: MatchKind;
  /** In [0, 1]: topic similarity, raised by the share of the draft reused from this post (ranks matches). */
  score: number;
  /**
   * In [0, 1]: how close the draft's argument is to the post's (terms, phrases, sections), with
   * no reuse boost; the part of the draft outside reused spans counts by its share. `rehash`
   * when it reaches `rehashThreshold`.
   */
  topicScore: number;
  /** Share of the draft's words inside spans reused from this post, in [0, 1]. */
  reuse: number;
  /** Shared key terms, most telling first, in the draft's wording. */
  terms: string[];
  /** Shared phrases (two or more content words in a row), in the draft's wording. */
  phrases: string[];
  /** Draft sections and the archive sections they resemble (by heading). */
  sections: SectionMatch[];
  passages: ReusedPassage[];
  /** `peer` matches only: the peer's name (plain text from their feed cache: escape it). */
  peer?: string;
  /** `peer` matches only: the post's http(s) URL. */
  url?: string;
}

export interface DraftReport {
  file: string;
  title: string;
  verdict: Verdict;
  /** Words of prose in the draft (stop words included). */
  words: number;
  /** Why the verdict is not a judgement, e.g. a draft under `minDraftWords`; null otherwise. */
  note: string | null;
  matches: Match[];
}

export interface OriginalityReport {
  archive: { dir: string; posts: number; words: number };
  /** The thresholds the verdicts were judged by (from the `originality` config). */
  thresholds: { rehash: number; related: number; minPassageWords: number; minDraftWords: number; peer: number };
  drafts: DraftReport[];
  timings: { indexMs: number; checkMs: number };
}

/** `rehash` if any rehash match, else `passage` if any passage match, else `original` (peers never count). */
export function verdictOf(matches: readonly Match[]): Verdict {
  if (matches.some((m) => m.kind === 'rehash')) return 'rehash';
  if (matches.some((m) => m.kind === 'passage')) return 'passage';
  return 'original';
}

/** Whether a report should fail a build / CI run for `failOn`. */
export function failsOn(report: OriginalityReport, failOn: 'none' | 'rehash' | 'passage'): boolean {
  if (failOn === 'none') return false;
  return report.drafts.some((d) => d.verdict === 'rehash' || (failOn === 'passage' && d.verdict === 'passage'));
}
