/** Dates as readers see them and machines read them. Dates are calendar days, kept in UTC. */

/**
 * The one date rule of posts, shared by the content schema, `npm run check`, the originality
 * engine and the build: `YYYY-MM-DD`, a day that exists on the calendar (a time may follow).
 */
export const DATE_RULE = 'a real date such as 2026-03-14 (YYYY-MM-DD)';

// The time as ISO 8601 writes it, or as Jekyll (`2015-11-17 16:16:01 -0600`) and YAML (`-5`) do.
const DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?(?:Z|[+-]\d{1,2}(?::?\d{2})?))?)?$/;

/** The UTC day a frontmatter date names, or null when it breaks the rule (2026-14-02, 02/12/2026). */
export function parseDay(value: unknown): Date | null {
  if (value instanceof Date) {
    // Already a date (a YAML timestamp): only its day counts.
    return Number.isNaN(value.getTime()) ? null : new Date(Date.UTC(value.getUTCFullYear(), value.getUTCMonth(), value.getUTCDate()));
  }
  if (typeof value !== 'string') return null;
  const m = DAY.exec(value.trim());
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2026-14-02 over into 2027; a real day survives the round trip.
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day ? date : null;
}

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function formatDate(date: Date, lang: string): string {
  return formatterFor(lang).format(date);
}

/**
 * One formatter per language: creating an Intl.DateTimeFormat costs about a millisecond, and a
 * build of 10,000 posts formats a date some 40,000 times (lists, tags, related posts).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(lang: string): Intl.DateTimeFormat {
  let formatter = formatters.get(lang);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(lang, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
    formatters.set(lang, formatter);
  }
  return formatter;
}

/** Group items by the UTC year of a date, newest year first, order inside each year kept. */
export function groupByYear<T>(items: readonly T[], dateOf: (item: T) => Date): [number, T[]][] {
  const years = new Map<number, T[]>();
  for (const item of items) {
    const year = dateOf(item).getUTCFullYear();
    const list = years.get(year);
    if (list) list.push(item);
    else years.set(year, [item]);
  }
  return [...years.entries()].sort((a, b) => b[0] - a[0]);
}
