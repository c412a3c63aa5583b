/** Split a list into pages. Page 1 lives at `first`, page n at `${rest}${n}/`. */
export interface Page<T> {
  items: T[];
  number: number;
  total: number;
  prev?: string;
  next?: string;
}

export function paginateList<T>(items: readonly T[], perPage: number, paths: { first: string; rest: string }): Page<T>[] {
  const total = Math.max(1, Math.ceil(items.length / perPage));
  const pathOf = (n: number) => (n === 1 ? paths.first : `${paths.rest}${n}/`);
  return Array.from({ length: total }, (_, i) => {
    const number = i + 1;
    const page: Page<T> = { items: items.slice(i * perPage, number * perPage), number, total };
    if (number > 1) page.prev = pathOf(number - 1);
    if (number < total) page.next = pathOf(number + 1);
    return page;
  });
}
