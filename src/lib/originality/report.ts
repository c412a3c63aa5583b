import type { SectionMatch } from './topic.ts';

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

export type MatchKind = 'rehash' | 'passage' | 'related';
export type Verdict = 'rehash' | 'passage' | 'original';

export interface Match {
  file: string;
  title: string;
  date: string | null;
  kind: MatchKind;
  /** In [0, 1]: topic similarity, raised by the share of the draft reused from this post. */
  score: number;
  /** Shared key terms, most telling first, in the draft's wording. */
  terms: string[];
  /** Shared phrases (two or more content words in a row), in the draft's wording. */
  phrases: string[];
  /** Draft sections and the archive sections they resemble (by heading). */
  sections: SectionMatch[];
  passages: ReusedPassage[];
}

export interface DraftReport {
  file: string;
  title: string;
  verdict: Verdict;
  matches: Match[];
}

export interface OriginalityReport {
  archive: { dir: string; posts: number; words: number };
  drafts: DraftReport[];
  timings: { indexMs: number; checkMs: number };
}

/** `rehash` if any rehash match, else `passage` if any reused passage, else `original`. */
export function verdictOf(matches: readonly Match[]): Verdict {
  if (matches.some((m) => m.kind === 'rehash')) return 'rehash';
  if (matches.some((m) => m.passages.length > 0)) return 'passage';
  return 'original';
}

/** Whether a report should fail a build / CI run for `failOn`. */
export function failsOn(report: OriginalityReport, failOn: 'none' | 'rehash' | 'passage'): boolean {
  if (failOn === 'none') return false;
  return report.drafts.some((d) => d.verdict === 'rehash' || (failOn === 'passage' && d.verdict === 'passage'));
}
