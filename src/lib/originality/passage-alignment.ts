import { contentPositions, shingleHashes, type AnalyzedDocument } from './document.ts';
import { cosine, norm } from './vector.ts';

/**
 * Passage alignment between a draft and one archive post: which spans of the draft were copied
 * or reworded from which spans of the post. No library does text alignment with offsets, so
 * this follows the PAN text-alignment recipe of Sanchez-Perez, Sidorov & Gelbukh (PAN 2014):
 *
 * 1. seeding: every pair of sentences whose tf-isf cosine and Dice overlap both pass a bar;
 * 2. extension: seeds are clustered when they lie within a few sentences of each other on both
 *    sides; a cluster whose combined text is not similar enough is re-split with a smaller gap;
 * 3. filtering: overlapping passages on the draft side are resolved, short ones dropped.
 *
 * A second, "summary" setting allows big gaps on the archive side: a draft that condenses a
 * long archive passage matches a sentence here and there across it.
 */

export interface Span {
  start: number;
  end: number;
}

export interface AlignedPassage {
  draft: Span;
  archive: Span;
  /** Cosine of the two passages' tf-isf vectors, in [0, 1]. */
  similarity: number;
  /** Content words of the draft passage. */
  draftWords: number;
}

export interface AlignOptions {
  /** Seeding bar on sentence cosine and Dice. */
  seedThreshold: number;
  /** A passage's combined similarity must reach this. */
  passageThreshold: number;
  /** Shortest passage on the draft side, in words. */
  minPassageWords: number;
  /** Sentences allowed between two seeds of one passage. */
  maxGap: number;
  /** Archive-side gap in the summary setting. */
  summaryGap: number;
}

export const DEFAULT_ALIGN_OPTIONS: AlignOptions = {
  seedThreshold: 0.33,
  passageThreshold: 0.34,
  minPassageWords: 25,
  maxGap: 4,
  summaryGap: 24,
};

/** A sentence (or short sentences merged with the next) as the unit of alignment. */
interface Unit {
  start: number;
  end: number;
  words: number;
  terms: Map<string, number>;
}

const MIN_UNIT_TERMS = 3;

/** Units and shingles of a draft are computed once, however many posts it is aligned with. */
const unitsMemo = new WeakMap<AnalyzedDocument, Unit[]>();
const shinglesMemo = new WeakMap<AnalyzedDocument, { positions: number[]; hashes: Uint32Array }>();

function shinglesOf(doc: AnalyzedDocument): { positions: number[]; hashes: Uint32Array } {
  let known = shinglesMemo.get(doc);
  if (!known) {
    const positions = contentPositions(doc.tokens);
    known = { positions, hashes: shingleHashes(doc.tokens, positions) };
    shinglesMemo.set(doc, known);
  }
  return known;
}

function unitsOf(doc: AnalyzedDocument): Unit[] {
  const known = unitsMemo.get(doc);
  if (known) return known;
  const units = computeUnits(doc);
  unitsMemo.set(doc, units);
  return units;
}

function computeUnits(doc: AnalyzedDocument): Unit[] {
  const units: Unit[] = [];
  let pending: Unit | null = null;
  for (const sentence of doc.sentences) {
    const unit: Unit = pending ?? { start: sentence.start, end: sentence.end, words: 0, terms: new Map() };
    unit.end = sentence.end;
    for (let k = sentence.tokFrom; k < sentence.tokTo; k++) {
      unit.words++;
      const term = doc.tokens[k]!.term;
      if (term !== null) unit.terms.set(term, (unit.terms.get(term) ?? 0) + 1);
    }
    if (unit.terms.size < MIN_UNIT_TERMS) {
      pending = unit;
      continue;
    }
    pending = null;
    units.push(unit);
  }
  if (pending) {
    const last = units[units.length - 1];
    if (last) {
      last.end = pending.end;
      last.words += pending.words;
      for (const [t, c] of pending.terms) last.terms.set(t, (last.terms.get(t) ?? 0) + c);
    } else units.push(pending);
  }
  return units;
}

interface Seed {
  d: number;
  a: number;
}

interface Fragment {
  dFrom: number;
  dTo: number; // inclusive
  aFrom: number;
  aTo: number; // inclusive
  seeds: Seed[];
  similarity: number;
}

export function alignPassages(draftDoc: AnalyzedDocument, archive: AnalyzedDocument, options: Partial<AlignOptions> = {}): AlignedPassage[] {
  const opts = { ...DEFAULT_ALIGN_OPTIONS, ...options };
  const dUnits = unitsOf(draftDoc);
  const aUnits = unitsOf(archive);
  if (dUnits.length === 0 || aUnits.length === 0) return [];
  const isf = inverseSentenceFrequency(dUnits, aUnits);
  const dVecs = dUnits.map((u) => weigh(u.terms, isf));
  const aVecs = aUnits.map((u) => weigh(u.terms, isf));
  const seeds = findSeeds(dUnits, aUnits, dVecs, aVecs, opts.seedThreshold);
  if (seeds.length === 0) return [];

  const similarityOf = (f: Omit<Fragment, 'similarity' | 'seeds'>) => cosine(sumVectors(dVecs, f.dFrom, f.dTo), sumVectors(aVecs, f.aFrom, f.aTo));

  const extend = (gapDraft: number, gapArchive: number): Fragment[] => {
    const result: Fragment[] = [];
    const validate = (group: Seed[], gd: number, ga: number): void => {
      for (const cluster of clusterSeeds(group, gd, ga)) {
        const bounds = boundsOf(cluster);
        const similarity = similarityOf(bounds);
        if (similarity >= opts.passageThreshold) result.push({ ...bounds, seeds: cluster, similarity });
        else if (gd > 0 || ga > 0) validate(cluster, Math.max(0, gd - 1), Math.max(0, ga - 1));
      }
    };
    validate(seeds, gapDraft, gapArchive);
    return resolveOverlaps(result);
  };

  let fragments = extend(opts.maxGap, opts.maxGap);
  // Summary setting: when the archive side of what we found is much longer than the draft side,
  // the draft condenses the archive; re-cluster allowing long archive-side gaps.
  const dLen = fragments.reduce((n, f) => n + dUnits[f.dTo]!.end - dUnits[f.dFrom]!.start, 0);
  const aLen = fragments.reduce((n, f) => n + aUnits[f.aTo]!.end - aUnits[f.aFrom]!.start, 0);
  if (fragments.length === 0 || aLen > 3 * dLen) {
    const summary = extend(opts.maxGap, opts.summaryGap);
    if (summary.length > 0) fragments = summary;
  }

  const exact = exactRuns(draftDoc, archive);
  const passages: AlignedPassage[] = [];
  for (const f of fragments) {
    let draft = { start: dUnits[f.dFrom]!.start, end: dUnits[f.dTo]!.end };
    let archiveSpan = { start: aUnits[f.aFrom]!.start, end: aUnits[f.aTo]!.end };
    // Sentence granularity over-reaches when a copy starts or ends mid-sentence, or when a
    // look-alike sentence sits next to it; where the passage is mostly verbatim, the exact
    // word runs give the precise boundaries.
    const overlapping = exact.filter(
      (r) => r.draft.start < draft.end && draft.start < r.draft.end && r.archive.start < archiveSpan.end && archiveSpan.start < r.archive.end,
    );
    // Keep the runs on the main diagonal (same shift between draft and archive as the longest
    // run): a stray shared phrase elsewhere must not stretch the bounds.
    const longest = overlapping.reduce<ExactRun | undefined>(
      (best, r) => (!best || r.draft.end - r.draft.start > best.draft.end - best.draft.start ? r : best),
      undefined,
    );
    const shift = longest ? longest.archive.start - longest.draft.start : 0;
    const tolerance = Math.max(200, 0.3 * (draft.end - draft.start));
    const inside = overlapping.filter((r) => Math.abs(r.archive.start - r.draft.start - shift) <= tolerance);
    const covered = inside.reduce((n, r) => n + Math.min(r.draft.end, draft.end) - Math.max(r.draft.start, draft.start), 0);
    if (inside.length > 0 && covered >= VERBATIM_SHARE * (draft.end - draft.start)) {
      draft = { start: Math.min(...inside.map((r) => r.draft.start)), end: Math.max(...inside.map((r) => r.draft.end)) };
      archiveSpan = { start: Math.min(...inside.map((r) => r.archive.start)), end: Math.max(...inside.map((r) => r.archive.end)) };
    }
    draft = snapToWords(draftDoc, draft);
    archiveSpan = snapToWords(archive, archiveSpan);
    const draftWords = wordsIn(draftDoc.tokens, draft);
    if (draftWords < opts.minPassageWords) continue;
    passages.push({ draft, archive: archiveSpan, similarity: Math.min(1, f.similarity), draftWords });
  }
  return passages.sort((x, y) => x.draft.start - y.draft.start);
}

/** Share of a sentence-level passage that exact word runs must cover to take their bounds. */
const VERBATIM_SHARE = 0.6;

/**
 * Exact runs start and end on content words; widen a span over the stop words around it in the
 * same sentence ("the real work" rather than "real work") and over closing punctuation.
 */
function snapToWords(doc: AnalyzedDocument, span: Span): Span {
  const tokens = doc.tokens;
  let first = lowerBound(tokens, span.start);
  let last = lowerBound(tokens, span.end) - 1;
  if (first >= tokens.length || last < first) return span;
  const sameSentence = (a: number, b: number) => !/[.!?;:]|\n\s*\n/.test(doc.source.slice(tokens[a]!.end, tokens[b]!.start));
  while (first > 0 && tokens[first - 1]!.term === null && sameSentence(first - 1, first)) first--;
  while (last + 1 < tokens.length && tokens[last + 1]!.term === null && sameSentence(last, last + 1)) last++;
  const end = tokens[last]!.end;
  const closing = /^[.!?,;:"'”’)\]*_]*/.exec(doc.source.slice(end, end + 8))![0];
  return { start: Math.min(span.start, tokens[first]!.start), end: Math.max(span.end, end + closing.length) };
}

/** Index of the first token starting at or after `offset`. */
function lowerBound(tokens: AnalyzedDocument['tokens'], offset: number): number {
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function wordsIn(tokens: AnalyzedDocument['tokens'], span: Span): number {
  let n = 0;
  for (const t of tokens) if (t.start >= span.start && t.end <= span.end) n++;
  return n;
}

interface ExactRun {
  draft: Span;
  archive: Span;
}

/**
 * Runs of shared content-word shingles that follow each other on both sides (small gaps
 * allowed): the verbatim or near-verbatim parts of a copy, with word-precise bounds.
 */
function exactRuns(draft: AnalyzedDocument, archive: AnalyzedDocument): ExactRun[] {
  const { positions: dPos, hashes: dHashes } = shinglesOf(draft);
  const { positions: aPos, hashes: aHashes } = shinglesOf(archive);
  const where = new Map<number, number[]>();
  aHashes.forEach((h, j) => {
    let list = where.get(h);
    if (!list) where.set(h, (list = []));
    if (list.length < 50) list.push(j);
  });
  const GAP = 3;
  interface Chain {
    i0: number;
    j0: number;
    i1: number;
    j1: number;
    n: number;
  }
  const open: Chain[] = [];
  const closed: Chain[] = [];
  for (let i = 0; i < dHashes.length; i++) {
    const js = where.get(dHashes[i]!);
    // Close chains that can no longer be extended.
    for (let c = open.length - 1; c >= 0; c--) {
      if (i - open[c]!.i1 > GAP + 1) closed.push(...open.splice(c, 1));
    }
    if (!js) continue;
    for (const j of js) {
      const chain = open.find((c) => i > c.i1 && j > c.j1 && j - c.j1 <= GAP + 1);
      if (chain) {
        chain.i1 = i;
        chain.j1 = j;
        chain.n++;
      } else open.push({ i0: i, j0: j, i1: i, j1: j, n: 1 });
    }
  }
  closed.push(...open);
  const runs: ExactRun[] = [];
  for (const c of closed) {
    if (c.n < 3) continue;
    const span = (tokens: AnalyzedDocument['tokens'], pos: number[], from: number, to: number): Span => ({
      start: tokens[pos[from]!]!.start,
      end: tokens[pos[to + 2]!]!.end,
    });
    runs.push({ draft: span(draft.tokens, dPos, c.i0, c.i1), archive: span(archive.tokens, aPos, c.j0, c.j1) });
  }
  return runs;
}

function inverseSentenceFrequency(a: Unit[], b: Unit[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const unit of [...a, ...b]) for (const term of unit.terms.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = a.length + b.length;
  const isf = new Map<string, number>();
  for (const [term, count] of df) isf.set(term, Math.log((n + 1) / count));
  return isf;
}

type Vector = Map<string, number>;

function weigh(terms: Map<string, number>, isf: Map<string, number>): Vector {
  const v: Vector = new Map();
  for (const [t, c] of terms) v.set(t, c * (isf.get(t) ?? 0));
  return v;
}

function sumVectors(vecs: Vector[], from: number, to: number): Vector {
  const sum: Vector = new Map();
  for (let i = from; i <= to; i++) for (const [t, w] of vecs[i]!) sum.set(t, (sum.get(t) ?? 0) + w);
  return sum;
}

function findSeeds(dUnits: Unit[], aUnits: Unit[], dVecs: Vector[], aVecs: Vector[], threshold: number): Seed[] {
  const postings = new Map<string, number[]>();
  aUnits.forEach((u, j) => {
    for (const t of u.terms.keys()) {
      let list = postings.get(t);
      if (!list) postings.set(t, (list = []));
      list.push(j);
    }
  });
  const aNorms = aVecs.map(norm);
  const seeds: Seed[] = [];
  const shared = new Map<number, number>();
  dUnits.forEach((u, i) => {
    shared.clear();
    for (const t of u.terms.keys()) for (const j of postings.get(t) ?? []) shared.set(j, (shared.get(j) ?? 0) + 1);
    const dNorm = norm(dVecs[i]!);
    for (const [j, common] of shared) {
      const dice = (2 * common) / (u.terms.size + aUnits[j]!.terms.size);
      if (dice <= threshold) continue;
      let dot = 0;
      for (const [t, w] of dVecs[i]!) {
        const o = aVecs[j]!.get(t);
        if (o !== undefined) dot += w * o;
      }
      const cos = dNorm * aNorms[j]! === 0 ? 0 : dot / (dNorm * aNorms[j]!);
      if (cos > threshold) seeds.push({ d: i, a: j });
    }
  });
  return seeds;
}

/** Splits seeds into groups whose neighbours are at most `gap` units apart, on one side. */
function splitByGap(seeds: Seed[], side: 'd' | 'a', gap: number): Seed[][] {
  const sorted = [...seeds].sort((x, y) => x[side] - y[side] || (side === 'd' ? x.a - y.a : x.d - y.d));
  const groups: Seed[][] = [];
  let current: Seed[] = [];
  for (const seed of sorted) {
    const last = current[current.length - 1];
    if (last && seed[side] - last[side] - 1 > gap) {
      groups.push(current);
      current = [];
    }
    current.push(seed);
  }
  if (current.length) groups.push(current);
  return groups;
}

/** Alternately splits by draft and archive gaps until no group splits any more. */
function clusterSeeds(seeds: Seed[], gapDraft: number, gapArchive: number): Seed[][] {
  const done: Seed[][] = [];
  const work: { seeds: Seed[]; side: 'd' | 'a'; stable: number }[] = [{ seeds, side: 'd', stable: 0 }];
  while (work.length) {
    const item = work.pop()!;
    const groups = splitByGap(item.seeds, item.side, item.side === 'd' ? gapDraft : gapArchive);
    const nextSide = item.side === 'd' ? 'a' : 'd';
    if (groups.length === 1) {
      if (item.stable >= 1) done.push(groups[0]!);
      else work.push({ seeds: groups[0]!, side: nextSide, stable: item.stable + 1 });
    } else {
      for (const g of groups) work.push({ seeds: g, side: nextSide, stable: 0 });
    }
  }
  return done;
}

function boundsOf(seeds: Seed[]): Omit<Fragment, 'similarity' | 'seeds'> {
  let dFrom = Infinity,
    dTo = -1,
    aFrom = Infinity,
    aTo = -1;
  for (const s of seeds) {
    dFrom = Math.min(dFrom, s.d);
    dTo = Math.max(dTo, s.d);
    aFrom = Math.min(aFrom, s.a);
    aTo = Math.max(aTo, s.a);
  }
  return { dFrom, dTo, aFrom, aTo };
}

/** Keeps, of passages overlapping on the draft side, the one with more evidence. */
function resolveOverlaps(fragments: Fragment[]): Fragment[] {
  const ranked = [...fragments].sort((x, y) => y.seeds.length - x.seeds.length || y.similarity - x.similarity);
  const kept: Fragment[] = [];
  for (const f of ranked) {
    if (kept.some((k) => f.dFrom <= k.dTo && k.dFrom <= f.dTo)) continue;
    kept.push(f);
  }
  return kept.sort((x, y) => x.dFrom - y.dFrom);
}
