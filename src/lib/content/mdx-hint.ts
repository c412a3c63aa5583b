/**
 * A writer who types `{it <3 you}` or `a <b` in MDX prose gets a parser error about expressions
 * and JSX they never meant to write. This says what happened and how to write it instead.
 */
export const MDX_PROSE_HINT =
  'In an .mdx post, { starts a JavaScript expression and < starts a component. To show them as text, ' +
  'write \\{ and \\< (for example \\{it \\<3 you\\}), or write the post as a plain .md file, where both are ordinary characters.';

/** Whether a compile error is MDX reading prose as an expression or a tag. */
export function isMdxProseError(message: string): boolean {
  return /Could not parse expression|Unexpected character|Unexpected (end of file|lazy line)|mdx-jsx|micromark-extension-mdx|acorn|unexpected-(character|eof)|Expected a closing tag|Unexpected closing tag/i.test(
    message,
  );
}
