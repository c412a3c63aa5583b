import { COMMENT_MARK } from '../markdown/comments.ts';
import { lineAt, walk } from '../markdown/walk.ts';
import type { LineProblem } from './validate.ts';

/**
 * An Obsidian comment left open (`%%` and no `%%` after it) hides the rest of the post from
 * readers, as Obsidian's reading view does (src/lib/markdown/comments.ts): named with its line,
 * so a stray `%%` (`grew 5%%`) never cuts a post short unseen. Marks in code are code.
 */
export function openComment(source: string, file: string): LineProblem[] {
  if (!source.includes(COMMENT_MARK)) return [];
  let opened: number | undefined;
  walk(source, file, (node) => {
    if (node.type !== 'text') return;
    for (let at = node.value.indexOf(COMMENT_MARK); at !== -1; at = node.value.indexOf(COMMENT_MARK, at + COMMENT_MARK.length)) {
      opened = opened === undefined ? lineAt(node.position?.start.line ?? 1, node.value, at) : undefined;
    }
  });
  return opened === undefined
    ? []
    : [
        {
          line: opened,
          message: `${COMMENT_MARK} opens an Obsidian comment that nothing closes, so readers see nothing after it: close it with ${COMMENT_MARK}, or write a percent sign once`,
        },
      ];
}
