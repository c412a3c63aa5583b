import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';

/** What Astro's image service reads (astro/dist/assets/consts.js, `VALID_INPUT_FORMATS`). */
const READABLE = ['jpeg', 'jpg', 'png', 'apng', 'tiff', 'webp', 'gif', 'svg', 'avif'];

/** How a picture's bytes begin, by kind: enough to tell a picture from a page saved as one. */
const SIGNATURES: [kind: string, test: (head: Buffer) => boolean][] = [
  ['PNG', (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['JPEG', (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff],
  ['GIF', (h) => h.toString('latin1', 0, 4) === 'GIF8'],
  ['WebP', (h) => h.toString('latin1', 0, 4) === 'RIFF' && h.toString('latin1', 8, 12) === 'WEBP'],
  ['TIFF', (h) => ['II*\0', 'MM\0*'].includes(h.toString('latin1', 0, 4))],
  ['HEIC', (h) => h.toString('latin1', 4, 8) === 'ftyp' && /^(heic|heix|hevc|heim|heis|mif1|msf1)$/.test(h.toString('latin1', 8, 12))],
  ['AVIF', (h) => h.toString('latin1', 4, 8) === 'ftyp'],
  ['SVG', (h) => /<svg[\s>]/i.test(h.toString('utf8'))],
];
const READABLE_KINDS = ['PNG', 'JPEG', 'GIF', 'WebP', 'TIFF', 'AVIF', 'SVG'];

/**
 * Why the build cannot show a picture that is there (`file`, as written `url`), or undefined. A
 * kind Astro does not read (a phone's `.heic`) fails the build as a cover and leaves an empty
 * `<img>` in the text; a file that is no picture (a page saved as `.jpg`) fails it, naming the
 * file but not the post. The kind is told from the first bytes, hand-written: reading whole
 * photos at every check would cost more than the check.
 */
export function unreadablePicture(url: string, file: string): string | undefined {
  const extension = path.extname(file).slice(1).toLowerCase();
  const fix = 'save it as .jpg, .png, .webp or .avif';
  if (!READABLE.includes(extension)) return `the picture ${url} is a kind the build cannot show (.${extension || 'no extension'}): ${fix}`;
  const kind = kindOf(file);
  if (kind === undefined) return `the picture ${url} is not a picture (its bytes are no PNG, JPEG, GIF, WebP, AVIF, TIFF or SVG): ${fix} again`;
  if (!READABLE_KINDS.includes(kind)) return `the picture ${url} is a ${kind} picture under another name, which the build cannot show: ${fix}`;
  return undefined;
}

function kindOf(file: string): string | undefined {
  const head = Buffer.alloc(1024);
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const read = readSync(fd, head, 0, head.length, 0);
    return SIGNATURES.find(([, test]) => test(head.subarray(0, read)))?.[0];
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
