/** Dates as readers see them and machines read them. Dates are calendar days, kept in UTC. */

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function formatDate(date: Date, lang: string): string {
  return new Intl.DateTimeFormat(lang, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  }).format(date);
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
