import type { z } from 'zod';
import { closestKey } from './suggest.ts';

/** A configuration or frontmatter problem, worded for the writer: file, field, fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly file: string;
  readonly problems: readonly { field: string; message: string }[];

  constructor(file: string, problems: readonly { field: string; message: string }[]) {
    super(
      [`${file} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:`, ...problems.map((p) => `  - ${p.field}: ${p.message}`)].join(
        '\n',
      ),
    );
    this.file = file;
    this.problems = problems;
    // A writer's mistake, not an engine failure: the message is the whole story, so no stack
    // trace follows it into the terminal (Astro prints one when there is a stack).
    this.stack = '';
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

/** `schema` (when given) lets an unknown key get "did you mean …?" from the keys it knows. */
export function toConfigError(file: string, error: z.ZodError, schema?: z.ZodType): ConfigError {
  return new ConfigError(
    file,
    error.issues.map((issue) => ({
      field: issuePath(issue.path),
      message: describeIssue(issue, schema ? keysAt(schema, issue.path) : []),
    })),
  );
}

/** The keys an object schema knows at `path` (through optional, default and array wrappers). */
export function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let def = (schema as unknown as { _zod: { def: SchemaDef } })._zod.def;
  const unwrap = () => {
    while (def.innerType || def.in) def = (def.innerType ?? def.in)!._zod.def;
  };
  for (const key of path) {
    unwrap();
    const next = typeof key === 'number' ? def.element : def.shape?.[String(key)];
    if (!next) return [];
    def = next._zod.def;
  }
  unwrap();
  return Object.keys(def.shape ?? {});
}
interface SchemaDef {
  shape?: Record<string, { _zod: { def: SchemaDef } }>;
  innerType?: { _zod: { def: SchemaDef } };
  in?: { _zod: { def: SchemaDef } };
  element?: { _zod: { def: SchemaDef } };
}

function describeIssue(issue: z.core.$ZodIssue, knownKeys: readonly string[] = []): string {
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return `is missing. ${issue.message.startsWith('Invalid input') ? 'Add it.' : issue.message}`;
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys
      .map((key) => {
        const guess = closestKey(key, knownKeys);
        return `unknown setting "${key}": ${guess ? `did you mean "${guess}"?` : 'check the spelling or remove it'}`;
      })
      .join('; ');
  }
  return issue.message;
}
