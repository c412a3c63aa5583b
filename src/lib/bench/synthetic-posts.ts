/**
 * Deterministic synthetic blog posts for benchmarks: plausible length, headings, tags and
 * vocabulary, so a build or an index does realistic work. Same seed, same posts.
 */

const WORDS = (
  'the a of to and in that is for it on with as was be this by are at or from have an they which one you ' +
  'writing draft reader blog post archive community peer circle feed letter garden habit morning notebook ' +
  'essay paragraph sentence idea theme voice story memory craft editor revision attention patience trust ' +
  'conversation neighbour friendship network link comment reply newsletter subscriber season rhythm practice ' +
  'question answer evidence argument quiet slow small honest original careful generous curious steady ' +
  'write read share notice return gather listen explain revise publish borrow invite welcome remember'
).split(' ');
const TAGS = ['writing', 'community', 'blogging', 'habits', 'rss', 'indieweb', 'craft', 'reading', 'notes', 'tools'];

/** Small fast PRNG (mulberry32): reproducible without a dependency. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(random: () => number): string {
  const length = 8 + Math.floor(random() * 14);
  const words = Array.from({ length }, () => WORDS[Math.floor(random() * WORDS.length)]!);
  const text = words.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

export interface SyntheticPost {
  fileName: string;
  text: string;
}

/** Post number `index` (0-based) of a synthetic archive, ~`words` words long. */
export function syntheticPost(index: number, { words = 600, seed = 1 } = {}): SyntheticPost {
  const random = seededRandom(seed * 100_003 + index);
  // Counting back from 2025: every post is in the past, so all are published (counting forward
  // from 2015 put the posts after ~4,900 in the future: scheduled, left out of the build).
  const day = new Date(Date.UTC(2025, 0, 1) - index * 86_400_000 * 0.9);
  const tags = [...new Set([0, 1, 2].map(() => TAGS[Math.floor(random() * TAGS.length)]!))];
  const body: string[] = [];
  let count = 0;
  let section = 1;
  while (count < words) {
    if (count > 0 && random() < 0.25) body.push(`## Section ${section++}: ${sentence(random).slice(0, 40)}`);
    const paragraph = Array.from({ length: 3 + Math.floor(random() * 4) }, () => sentence(random)).join(' ');
    count += paragraph.split(' ').length;
    body.push(paragraph);
  }
  const title = `Synthetic post ${index + 1}: ${sentence(random).slice(0, 48).replace(/\.$/, '')}`;
  const text = [
    '---',
    `title: ${JSON.stringify(title)}`,
    `description: ${JSON.stringify(sentence(random))}`,
    `pubDate: ${day.toISOString().slice(0, 10)}`,
    `tags: [${tags.join(', ')}]`,
    '---',
    '',
    body.join('\n\n'),
    '',
  ].join('\n');
  return { fileName: `synthetic-${String(index + 1).padStart(5, '0')}.md`, text };
}
