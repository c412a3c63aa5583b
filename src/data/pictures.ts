import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { PICTURES, takeHandOff } from '../lib/handoff.ts';
import { pictureType, type PictureCache } from '../lib/pictures/index.ts';

/** The pictures from other sites this build's posts show, for the route that serves them (none in the dev preview, which shows them as written). */
export async function getPictureFiles(): Promise<{ file: string; type: string; path: string }[]> {
  const cache = await takeHandOff<PictureCache>(PICTURES);
  if (!cache) return [];
  return cache.used().map((file) => ({ file, type: pictureType(file), path: path.join(cache.dir, file) }));
}

export const readPicture = (file: string): Promise<Buffer> => readFile(file);
