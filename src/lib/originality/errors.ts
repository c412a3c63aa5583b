/** Bad input the user can fix (missing file, broken frontmatter): the CLI exits 2 with it. */
export class OriginalityInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OriginalityInputError';
  }
}
