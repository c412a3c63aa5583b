import type { DraftReport, Match, OriginalityReport } from './report.ts';

/**
 * What a draft's report means and what to do next, in words. One place for the sentences, so
 * the terminal report (format.ts) and the dev panel (OriginalityPanel.astro) say the same.
 */

export interface DraftAdvice {
  /** One line: the verdict in words. */
  headline: string;
  /** The measurement behind it: the deciding score against its threshold. */
  measure: string;
  /** What the writer can do next (empty when there is nothing to do). */
  steps: string[];
  /** Archive posts on the same subject, worth linking to from the draft (see RELATED_LABEL). */
  related: Match[];
  /** Peers' recent posts on the same subject: link to them (see peerSentence). Never a verdict. */
  peers: Match[];
}

export const HEADLINES = {
  rehash: 'You already wrote this: an earlier post argues the same thing.',
  passage: 'Reused passages: parts of this draft come from earlier posts.',
  original: 'Original: nothing in your archive argues this.',
  short: 'Not judged yet: too short to tell what it argues.',
} as const;

export const RELATED_LABEL = 'Related posts you could link to';
export const PEERS_LABEL = 'Peers who wrote about this';

/**
 * What a `peer` match asks of the writer. The name is the peer's own text (from their feed
 * cache): callers print it as text, with the link beside it.
 */
export function peerSentence(match: Match): string {
  return `${match.peer ?? match.title} wrote about this ${match.date ? `on ${match.date}` : 'recently'}: link to them, add what only you can say.`;
}

/** Related posts offered as links: a few good ones, not a reading list. */
const MAX_LINKS = 3;
const fixed = (x: number) => x.toFixed(2);
const percent = (x: number) => `${Math.round(x * 100)}%`;

/** The deciding score of one match against the threshold that applies to it. */
export function measureOf(match: Match, thresholds: OriginalityReport['thresholds']): string {
  if (match.kind === 'peer') {
    const similarity = `similarity ${fixed(match.score)} ${match.score >= thresholds.peer ? '≥' : '<'} ${fixed(thresholds.peer)} (peer threshold)`;
    return match.reuse > 0 ? `${similarity}; ${percent(match.reuse)} of the draft is in passages from it` : similarity;
  }
  const topic = `topic ${fixed(match.topicScore)} ${match.topicScore >= thresholds.rehash ? '≥' : '<'} ${fixed(thresholds.rehash)} (rehash threshold)`;
  return match.reuse > 0 ? `${topic}; ${percent(match.reuse)} of the draft is in passages from it` : topic;
}

export function adviceFor(draft: DraftReport, thresholds: OriginalityReport['thresholds']): DraftAdvice {
  const related = draft.matches.filter((m) => m.kind === 'related').slice(0, MAX_LINKS);
  const peers = draft.matches.filter((m) => m.kind === 'peer').slice(0, MAX_LINKS);
  return { ...verdictAdvice(draft, thresholds, related), peers };
}

function verdictAdvice(draft: DraftReport, thresholds: OriginalityReport['thresholds'], related: Match[]): Omit<DraftAdvice, 'peers'> {
  if (draft.note !== null) {
    return {
      headline: HEADLINES.short,
      measure: `${draft.note.charAt(0).toUpperCase()}${draft.note.slice(1)}.`,
      steps: ['Keep writing; the check judges the draft once it is long enough.'],
      related,
    };
  }
  const first = (kind: Match['kind']) => draft.matches.find((m) => m.kind === kind);
  const rehash = first('rehash');
  if (rehash) {
    return {
      headline: HEADLINES.rehash,
      measure: `"${rehash.title}": ${measureOf(rehash, thresholds)}.`,
      // Passages from the rehashed post are the rehash itself; those from other posts need a step.
      steps: [`Link to "${rehash.title}", write the sequel (what changed since), or update the old post instead.`, ...passageSteps(draft, 'passage')],
      related,
    };
  }
  const passage = first('passage');
  if (passage) {
    return {
      headline: HEADLINES.passage,
      measure: `"${passage.title}": ${measureOf(passage, thresholds)}.`,
      steps: [...passageSteps(draft, 'passage')],
      related,
    };
  }
  const closest = draft.matches.find((m) => m.kind !== 'peer');
  const measure = closest ? `Closest, "${closest.title}": ${measureOf(closest, thresholds)}.` : 'No archive post on this subject.';
  return { headline: HEADLINES.original, measure, steps: [], related };
}

/** For each post a passage comes from: quote and link it, or rewrite it. */
function passageSteps(draft: DraftReport, kind: Match['kind']): string[] {
  return draft.matches
    .filter((m) => m.kind === kind && m.passages.length > 0)
    .map(
      (m) => `${m.passages.length === 1 ? 'A passage comes' : `${m.passages.length} passages come`} from "${m.title}": quote it and link to it, or rewrite it.`,
    );
}
