import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Files the engine reads as posts: Markdown and MDX; plain text too when asked. */
export function isPostFile(name: string, allowText: boolean): boolean {
  if (name.startsWith('_') || name.startsWith('.')) return false;
  return /\.(md|mdx)$/i.test(name) || (allowText && /\.txt$/i.test(name));
}

/** Every post file under `dir` (recursively), sorted, as absolute-or-joined paths. */
export async function listPostFiles(dir: string, allowText: boolean): Promise<string[]> {
  const found: string[] = [];
  const walk = async (folder: string): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !entry.name.startsWith('_') && entry.name !== 'node_modules') await walk(path);
      } else if (entry.isFile() && isPostFile(entry.name, allowText)) found.push(path);
    }
  };
  await walk(dir);
  return found.sort();
}
