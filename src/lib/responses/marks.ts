import { appendFile, readFile } from 'node:fs/promises';

/**
 * Responses the writer marked answered by hand (`npm run inbox -- done <id>`): one id per line
 * in `content/inbox-done.txt`, so the marks travel with the repository. Lines are only ever
 * appended; `#` starts a comment.
 */
export const DONE_FILE = 'inbox-done.txt';

export async function readDoneMarks(file: string): Promise<Set<string>> {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return new Set(
    text
      .split(/\r?\n/)
      .map((line) => line.replace(/#.*/, '').trim())
      .filter(Boolean),
  );
}

export async function addDoneMark(file: string, id: string, now = new Date()): Promise<boolean> {
  const marks = await readDoneMarks(file);
  if (marks.has(id)) return false;
  let header = '';
  try {
    await readFile(file);
  } catch {
    header = '# Responses marked answered by hand with `npm run inbox -- done <id>`. One id per line.\n';
  }
  await appendFile(file, `${header}${id}  # ${now.toISOString().slice(0, 10)}\n`);
  return true;
}
