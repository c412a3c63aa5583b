import { scanWordSpans } from './tokenize.ts';

/**
 * A value per distinct word, for scanning the millions of words of an archive: `compute` runs
 * once per distinct word. A word of ASCII letters and digits (most of them) is found by its hash
 * and compared where it stands in the text ("The" and "the" are two entries of one value), so it
 * costs no string: a Map keyed by each sliced word hashed every fresh string again, the largest
 * cost of a cold index.
 */
export class WordTable<V> {
  readonly #compute: (word: string) => V;
  /** Open addressing, linear probing; kept under half full. */
  #words: (string | undefined)[] = new Array(4096);
  #hashes = new Uint32Array(4096);
  #values: V[] = new Array(4096);
  #size = 0;
  readonly #others = new Map<string, V>();

  constructor(compute: (word: string) => V) {
    this.#compute = compute;
  }

  /** Calls `visit` with the value of each word of `text`, in order. */
  scan(text: string, visit: (value: V) => void): void {
    scanWordSpans(text, (start, end, word, ascii) => visit(ascii ? this.#plain(text, start, end, word) : this.#other(word!)));
  }

  #plain(text: string, start: number, end: number, word: string | null): V {
    let hash = 0x811c9dc5; // FNV-1a (../fnv.ts) of the text as written, without slicing it
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash >>>= 0;
    const mask = this.#words.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const raw = this.#words[slot];
      if (raw === undefined) return this.#add(slot, text.slice(start, end), hash, word);
      if (this.#hashes[slot] === hash && raw.length === end - start && text.startsWith(raw, start)) return this.#values[slot]!;
    }
  }

  #add(slot: number, raw: string, hash: number, word: string | null): V {
    const value = this.#compute(word ?? raw);
    [this.#words[slot], this.#hashes[slot], this.#values[slot]] = [raw, hash, value];
    if (++this.#size * 2 > this.#words.length) this.#grow();
    return value;
  }

  #grow(): void {
    const [words, hashes, values] = [this.#words, this.#hashes, this.#values];
    [this.#words, this.#hashes, this.#values, this.#size] = [new Array(2 * words.length), new Uint32Array(2 * words.length), new Array(2 * words.length), 0];
    const mask = this.#words.length - 1;
    words.forEach((word, k) => {
      if (word === undefined) return;
      let slot = hashes[k]! & mask;
      while (this.#words[slot] !== undefined) slot = (slot + 1) & mask;
      [this.#words[slot], this.#hashes[slot], this.#values[slot]] = [word, hashes[k]!, values[k]!];
      this.#size++;
    });
  }

  #other(word: string): V {
    if (!this.#others.has(word)) this.#others.set(word, this.#compute(word));
    return this.#others.get(word) as V;
  }
}
