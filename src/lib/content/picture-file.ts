import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { decoded, htmlPictures, isRootRelative, localImages } from '../markdown/local-images.ts';
import { isRemoteUrl, SITE_ROUTES } from '../urls.ts';
import type { LineProblem } from './validate.ts';

/** What Astro's image service reads (astro/dist/assets/consts.js, `VALID_INPUT_FORMATS`). */
const READABLE = ['jpeg', 'jpg', 'png', 'apng', 'tiff', 'webp', 'gif', 'svg', 'avif'];

/** How a picture's bytes begin, by kind: enough to tell a picture from a page saved as one. */
const SIGNATURES: [kind: string, test: (head: Buffer) => boolean][] = [
  ['PNG', (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ['JPEG', (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff],
  ['GIF', (h) => h.toString('latin1', 0, 4) === 'GIF8'],
  ['WebP', (h) => h.toString('latin1', 0, 4) === 'RIFF' && h.toString('latin1', 8, 12) === 'WEBP'],
  ['TIFF', (h) => ['II*\0', 'MM\0*'].includes(h.toString('latin1', 0, 4))],
  ['AVIF', (h) => ftypBrands(h).some((b) => b === 'avif' || b === 'avis')],
  ['HEIC', (h) => ftypBrands(h).some((b) => /^(heic|heix|hevc|hevx|mif1|msf1)$/.test(b))],
  // As Astro's reader finds one: an `<svg …>` tag in the first 1,000 bytes.
  ['SVG', (h) => /<svg\s([^>"']|"[^"]*"|'[^']*')*>/.test(h.toString('utf8', 0, 1000))],
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
  if (kind === undefined && extension === 'svg') {
    return `the picture ${url} has no <svg …> tag in its first 1,000 bytes, where the build looks for it: remove what comes before it (comments, a doctype)`;
  }
  if (kind === undefined) return `the picture ${url} is not a picture (its bytes are no PNG, JPEG, GIF, WebP, AVIF, TIFF or SVG): ${fix} again`;
  if (!READABLE_KINDS.includes(kind)) return `the picture ${url} is a ${kind} picture under another name, which the build cannot show: ${fix}`;
  return undefined;
}

/** The brands of an ISO media file's `ftyp` box (AVIF, HEIC): Astro's reader takes any `avif` among them as AVIF. */
function ftypBrands(head: Buffer): string[] {
  if (head.length < 12 || head.toString('latin1', 4, 8) !== 'ftyp') return [];
  const end = Math.min(head.readUInt32BE(0), head.length);
  const brands: string[] = [];
  for (let at = 8; at + 4 <= end; at += 4) brands.push(head.toString('latin1', at, at + 4));
  return brands;
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

/** The cover (`image:`) of a post, when it is beside the post: why the build cannot show it, or undefined. */
export function coverProblem(image: unknown, file: string): string | undefined {
  if (typeof image !== 'string') return undefined;
  // Astro's cover helper reads a picture beside the post only: one on another site failed the
  // build (MissingImageDimension), and so did a path from the site's root (ImageNotFound). An
  // http(s) one is now fetched by the build and handed to the helper as the kept file
  // (src/integrations/kept-covers.ts); any other scheme still fails.
  if (isRemoteUrl(image)) return undefined;
  if (/^[a-z][\w+.-]*:/i.test(image))
    return `image ${image} is not a picture the build can fetch: save the picture next to the post and write image: ./${coverName(image)}`;
  if (image.startsWith('/'))
    return `image ${image} is read from beside the post, not from the site's root: put the picture next to the post and write image: ./${coverName(image)}`;
  const picture = path.resolve(path.dirname(file), image);
  return existsSync(picture) ? unreadablePicture(image, picture) : `image ${image} is not there: put the picture next to the post, or fix the path`;
}

/** The picture's own name, for the path to write (`https://x.example/a/cover.jpg?w=1` → `cover.jpg`). */
const coverName = (image: string) => image.split(/[?#]/)[0]!.split('/').pop() || 'cover.jpg';

/**
 * Pictures of the Markdown that Astro's build cannot take from beside the post: a missing one
 * fails the build, naming neither the post nor the line; one with `?…` or `#…` after its name
 * (there or not) leaves a placeholder where the picture should be, and so does one of a kind
 * Astro does not read (`unreadablePicture`). An `<img>` tag's picture beside the post is never
 * published (`htmlPictures`).
 */
export function pictureProblems(text: string, file: string): LineProblem[] {
  const said = new Map<string, string | undefined>();
  const problemOf = (url: string) => {
    if (said.has(url)) return said.get(url);
    const picture = path.resolve(path.dirname(file), url);
    const problem = /[?#]/.test(url)
      ? `the picture ${url} cannot have "?" or "#" after its name: the build leaves it out; remove that part`
      : existsSync(picture)
        ? unreadablePicture(url, picture)
        : `the picture ${url} is not there: put it next to the post, or fix the path`;
    said.set(url, problem);
    return problem;
  };
  const tags = htmlPictures(text, file).map(({ url, line }) => ({
    line,
    message: `the picture ${url} of this <img> tag is not published, so readers would see none: write it as ![what it shows](${url})`,
  }));
  return [...localImages(text, file, (url) => problemOf(url) !== undefined).map(({ url, line }) => ({ line, message: problemOf(url)! })), ...tags];
}

/**
 * Pictures written from the site's root (`![A desk](/assets/desk.jpg)`, an `<img src="/…">`), as
 * Jekyll's and Hugo's sites keep them, that `public/` does not have: the build takes them as
 * written, so a post brought over without its pictures showed none, without a word. Warnings,
 * the fix named; the site's own routes (`/pictures/…`) are left alone.
 */
export function missingRootPictures(text: string, file: string, publicDir: string): LineProblem[] {
  const pathOf = (url: string) => decoded(url.split(/[?#]/)[0]!);
  const missing = (url: string) => {
    const at = pathOf(url);
    return !SITE_ROUTES.includes(at.split('/')[1] ?? '') && !existsSync(path.join(publicDir, at));
  };
  const written = [...localImages(text, file, missing, isRootRelative), ...htmlPictures(text, file, isRootRelative).filter(({ url }) => missing(url))];
  return written.map(({ url, line }) => ({
    line,
    message: `the picture ${url} is not in public/, so readers would see none: put it next to the post and write ![what it shows](./${pathOf(url).split('/').pop()}), or copy it to public${pathOf(url)}`,
  }));
}
