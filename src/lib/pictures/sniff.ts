import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Pictures from other sites are kept only when they are real raster images, recognised by their
 * first bytes (never by the sender's Content-Type): an SVG or an HTML page sent as a picture
 * could carry script. Shared by response avatars and the pictures posts show from other sites.
 */

const SIGNATURES: { ext: 'png' | 'jpg' | 'gif' | 'webp'; type: string; test: (b: Uint8Array) => boolean }[] = [
  { ext: 'png', type: 'image/png', test: (b) => [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v) },
  { ext: 'jpg', type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { ext: 'gif', type: 'image/gif', test: (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 },
  {
    ext: 'webp',
    type: 'image/webp',
    test: (b) => b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50,
  },
];

/** The image format of some bytes, or undefined for anything that is not a known raster image. */
export function sniffImage(bytes: Uint8Array): { ext: string; type: string } | undefined {
  const found = SIGNATURES.find((s) => bytes.length >= 12 && s.test(bytes));
  return found ? { ext: found.ext, type: found.type } : undefined;
}

/** The Content-Type of a saved picture, from its name's extension. */
export const pictureType = (file: string): string => SIGNATURES.find((s) => file.endsWith(`.${s.ext}`))?.type ?? 'application/octet-stream';

/**
 * Save verified image bytes under a name made of their hash, so one picture behind many URLs is
 * stored and served once; returns the file name.
 */
export async function savePicture(dir: string, bytes: Uint8Array): Promise<string | undefined> {
  const format = sniffImage(bytes);
  if (!format) return undefined;
  const file = `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${format.ext}`;
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, file), bytes);
  return file;
}
