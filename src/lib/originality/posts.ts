import { readdirSync } from 'node:fs';
import { normalize, sep } from 'node:path';

/** Files the engine reads as posts: Markdown and MDX; plain text too when asked. */
export function isPostFile(name: string, allowText: boolean): boolean {
  if (name.startsWith('_') || name.startsWith('.')) return false;
  // endsWith rather than a regular expression: this runs for every file of the archive at every check.
  const lower = name.slice(-4).toLowerCase();
  return lower.endsWith('.md') || lower === '.mdx' || (allowText && lower === '.txt');
}

/**
 * Every post file under `dir` (recursively), sorted. Synchronous on purpose: a warm check of a
 * 10,000-post archive is mostly this walk and the stat calls, and sync calls are the fastest.
 * Folders starting with `_` or `.` are skipped like files.
 */
export async function listPostFiles(dir: string, allowText: boolean): Promise<string[]> {
  const found: string[] = [];
  const walk = (folder: string): void => {
    const prefix = folder.endsWith(sep) ? folder : folder + sep;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = prefix + entry.name;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !entry.name.startsWith('_') && entry.name !== 'node_modules') walk(path);
      } else if (entry.isFile() && isPostFile(entry.name, allowText)) found.push(path);
    }
  };
  walk(normalize(dir));
  return found.sort();
}
