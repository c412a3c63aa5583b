import type { z } from 'zod';

/** A configuration or frontmatter problem, worded for the writer: file, field, fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly file: string;
  readonly problems: readonly { field: string; message: string }[];

  constructor(file: string, problems: readonly { field: string; message: string }[]) {
    super(
      [
        `${file} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:`,
        ...problems.map((p) => `  - ${p.field}: ${p.message}`),
      ].join('\n'),
    );
    this.file = file;
    this.problems = problems;
  }
}

/** Dotted path of a Zod issue: `author.url`, `profiles[1].url`, or `(top level)`. */
export function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}

export function toConfigError(file: string, error: z.ZodError): ConfigError {
  return new ConfigError(
    file,
    error.issues.map((issue) => ({
      field: issuePath(issue.path),
      message: describeIssue(issue),
    })),
  );
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `is missing. ${issue.message.startsWith('Invalid input') ? 'Add it.' : issue.message}`;
  }
  if (issue.code === 'unrecognized_keys') {
    return `unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys
      .map((k) => `"${k}"`)
      .join(', ')}: check the spelling or remove ${issue.keys.length > 1 ? 'them' : 'it'}`;
  }
  return issue.message;
}
