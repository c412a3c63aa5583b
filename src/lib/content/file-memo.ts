import { readFileSync, statSync } from 'node:fs';

/**
 * What `make` makes of a file's text, made again only when the file changed (its modification
 * time or size): a post linked from many others is read once per build, not once per link, and
 * the dev preview's checks read it again once it is saved. Undefined when there is no such file.
 */
export function memoByFile<T>(make: (text: string, file: string) => T): (file: string) => T | undefined {
  const made = new Map<string, { stamp: string; value: T }>();
  return (file) => {
    const stats = statSync(file, { throwIfNoEntry: false });
    if (!stats?.isFile()) return undefined;
    const stamp = `${stats.mtimeMs} ${stats.size}`;
    let kept = made.get(file);
    if (kept?.stamp !== stamp) made.set(file, (kept = { stamp, value: make(readFileSync(file, 'utf8'), file) }));
    return kept.value;
  };
}
