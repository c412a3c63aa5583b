import type { ArchiveIndex, IndexedPost } from './index-store.ts';

/**
 * The archive as of now: the posts that may be matched (published, not being checked), with
 * positions 0..size-1 and a mask from archive numbers to positions.
 */
export interface ArchiveView {
  index: ArchiveIndex;
  size: number;
  /** Archive number → position, or -1 when not in the view. */
  positionOf: Int32Array;
  /** Position → archive number. */
  archiveOf: Int32Array;
  words: number;
}

/** The published posts as of `now`, minus the archive numbers in `excluded`. */
export function makeView(index: ArchiveIndex, now: Date, excluded: ReadonlySet<number> = new Set()): ArchiveView {
  const published = index.published(now.getTime());
  const positionOf = new Int32Array(index.archiveSize).fill(-1);
  const archiveOf = new Int32Array(index.archiveSize);
  let size = 0;
  let words = published.words;
  for (let a = 0; a < positionOf.length; a++) {
    if (published.scheduled.has(a)) continue;
    if (excluded.has(a)) {
      words -= index.post(a).words;
      continue;
    }
    positionOf[a] = size;
    archiveOf[size++] = a;
  }
  return { index, size, positionOf, archiveOf: archiveOf.subarray(0, size), words };
}

/** The post at a view position. */
export const postAt = (view: ArchiveView, position: number): IndexedPost => view.index.post(view.archiveOf[position]!);
