import { adviceFor, measureOf, peerSentence, RELATED_LABEL } from './advice.ts';
import type { DraftReport, Match, OriginalityReport, ReusedPassage, Verdict } from './report.ts';

/**
 * The report as terminal text: per draft the verdict, the top matches with title, date and
 * score, the evidence, and reused passages side by side. Lines fit `width` columns (default
 * 100); colour only when asked (the CLI asks when stdout is a TTY).
 */

const ANSI = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', cyan: '\x1b[36m' } as const;
type Style = keyof typeof ANSI;

const VERDICT_LABEL: Record<Verdict, { label: string; style: Style }> = {
  rehash: { label: 'REHASH', style: 'red' },
  passage: { label: 'REUSED PASSAGE', style: 'yellow' },
  original: { label: 'ORIGINAL', style: 'green' },
};

/** Most matches shown per draft in the terminal (the JSON has them all). */
const MAX_MATCHES_SHOWN = 8;
/** Most lines of each side of a reused passage. */
const MAX_PASSAGE_LINES = 10;

export function formatReport(report: OriginalityReport, opts: { color: boolean; width?: number }): string {
  const width = Math.max(60, opts.width ?? 100);
  const paint = (style: Style, text: string) => (opts.color ? `${ANSI[style]}${text}${ANSI.reset}` : text);
  const out: string[] = [];
  const { archive, timings } = report;
  out.push(
    ...wrap(
      `Originality check: ${report.drafts.length} draft${report.drafts.length === 1 ? '' : 's'} against ${archive.dir} (${archive.posts} posts, ${thousands(archive.words)} words; index ${timings.indexMs} ms, check ${timings.checkMs} ms)`,
      width,
    ).map((l) => paint('dim', l)),
  );
  if (report.drafts.length === 0) out.push('', 'No drafts to check (no post has `draft: true`; name files to check them).');
  for (const draft of report.drafts) out.push('', ...formatDraft(draft, report.thresholds, width, paint));
  const counts = (['rehash', 'passage', 'original'] as const).map((v) => `${report.drafts.filter((d) => d.verdict === v).length} ${v}`);
  const withPeers = report.drafts.filter((d) => d.matches.some((m) => m.kind === 'peer')).length;
  out.push('', `Summary: ${counts.join(', ')}${withPeers > 0 ? `; ${withPeers} close to a peer's post` : ''}`);
  return `${out.join('\n')}\n`;
}

type Paint = (style: Style, text: string) => string;

/** 6356203 → "6,356,203". Not toLocaleString: its first call loads ICU's locale data, ~10 ms of a warm check. */
const thousands = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function formatDraft(draft: DraftReport, thresholds: OriginalityReport['thresholds'], width: number, paint: Paint): string[] {
  const verdict = VERDICT_LABEL[draft.verdict];
  const advice = adviceFor(draft, thresholds);
  const out: string[] = [];
  out.push(paint('bold', truncate(`${draft.file}`, width)));
  out.push(...wrap(`"${draft.title}"`, width, '  '));
  const [first = '', ...rest] = wrap(advice.headline, width - verdict.label.length - 4);
  out.push(`  ${paint(verdict.style, paint('bold', verdict.label))}  ${first}`, ...rest.map((l) => `${' '.repeat(verdict.label.length + 4)}${l}`));
  out.push(...wrap(advice.measure, width, '  '));
  for (const step of advice.steps) out.push(...hang('→ ', step, width, '  '));
  if (advice.related.length > 0) out.push(...hang('→ ', `${RELATED_LABEL}: ${advice.related.map((m) => `"${m.title}" (${m.file})`).join(', ')}.`, width, '  '));
  for (const peer of advice.peers) out.push(...hang('→ ', `${peerSentence(peer)} "${peer.title}" ${peer.url}`, width, '  '));
  const shown = draft.matches.slice(0, MAX_MATCHES_SHOWN);
  shown.forEach((match, i) => out.push('', ...formatMatch(match, i + 1, thresholds, width, paint)));
  if (draft.matches.length > shown.length) out.push('', paint('dim', `  … ${draft.matches.length - shown.length} more matches (see --json)`));
  return out;
}

function formatMatch(match: Match, rank: number, thresholds: OriginalityReport['thresholds'], width: number, paint: Paint): string[] {
  const out: string[] = [];
  const style: Style = match.kind === 'rehash' ? 'red' : match.kind === 'passage' ? 'yellow' : 'cyan';
  // A peer's name and title are their own text: cleaned of control characters when read (no
  // terminal escapes), printed as they are.
  const head = `  ${String(rank).padStart(2)}. ${match.score.toFixed(2)}  ${match.kind.padEnd(7)}  ${match.date ?? '----------'}  `;
  const title = truncate(match.title, width - head.length);
  out.push(
    `  ${String(rank).padStart(2)}. ${paint('bold', match.score.toFixed(2))}  ${paint(style, match.kind.padEnd(7))}  ${match.date ?? '----------'}  ${paint('bold', title)}`,
  );
  const indent = ' '.repeat(8);
  out.push(paint('dim', truncate(`${indent}${match.file}`, width)));
  out.push(...wrap(measureOf(match, thresholds), width, indent));
  if (match.terms.length) out.push(...wrap(`shared terms: ${match.terms.join(', ')}`, width, indent));
  if (match.phrases.length) out.push(...wrap(`shared phrases: ${match.phrases.map((p) => `"${p}"`).join(', ')}`, width, indent));
  for (const s of match.sections) out.push(...wrap(`section "${s.draft}" ≈ "${s.archive}" (${s.similarity.toFixed(2)})`, width, indent));
  for (const passage of match.passages) out.push(...formatPassage(passage, width, paint));
  return out;
}

/** A reused passage as two columns: the draft's text on the left, the archive's on the right. */
function formatPassage(passage: ReusedPassage, width: number, paint: Paint): string[] {
  const indent = '        ';
  const column = Math.floor((width - indent.length - 3) / 2);
  const left = [`draft ${passage.draft.start}-${passage.draft.end}`, ...wrap(clean(passage.draft.text), column)];
  const right = [`archive ${passage.archive.start}-${passage.archive.end}`, ...wrap(clean(passage.archive.text), column)];
  const clip = (lines: string[]) => (lines.length > MAX_PASSAGE_LINES + 1 ? [...lines.slice(0, MAX_PASSAGE_LINES), '…'] : lines);
  const l = clip(left);
  const r = clip(right);
  const out = [`${indent}${paint('yellow', `reused passage, similarity ${passage.similarity.toFixed(2)}`)}`];
  for (let i = 0; i < Math.max(l.length, r.length); i++) {
    const a = (l[i] ?? '').padEnd(column);
    const b = r[i] ?? '';
    out.push(i === 0 ? `${indent}${paint('dim', a)} │ ${paint('dim', b)}` : `${indent}${a} │ ${b}`.trimEnd());
  }
  return out;
}

/** Source text for display: Markdown line breaks and runs of spaces become single spaces. */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Wrapped text with a marker before the first line and the rest aligned under it. */
function hang(marker: string, text: string, width: number, indent: string): string[] {
  return wrap(text, width, indent + ' '.repeat(marker.length)).map((line, i) => (i === 0 ? indent + marker + line.slice(indent.length + marker.length) : line));
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Greedy word wrap; words longer than the line are cut. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const room = Math.max(10, width - indent.length);
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(/\s+/).filter(Boolean)) {
    while (word.length > room) {
      if (line) lines.push(line);
      lines.push(word.slice(0, room));
      word = word.slice(room);
      line = '';
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l);
}
