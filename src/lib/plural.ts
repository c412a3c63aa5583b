/** "1 post", "1,009 posts": a count with the site language's digit grouping, and its noun. */
export function plural(n: number, one: string, lang: string, many = `${one}s`): string {
  return `${n.toLocaleString(lang)} ${n === 1 ? one : many}`;
}
