import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Every file under `dir` (a `.git` folder's left out), by its path from `dir`, with its bytes, in path order. */
export async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries
    .filter((e) => e.isFile() && !path.relative(dir, e.parentPath).split(path.sep).includes('.git'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  const files = new Map<string, Buffer>();
  for (const full of paths) files.set(path.relative(dir, full), await readFile(full));
  return files;
}
