/**
 * `task` over `items`, at most `limit` at a time (thousands of files, not thousands of open
 * handles); results in the items' order. Each of the `limit` lanes takes one item at a time and
 * tells `task` its number (0 to limit - 1), for work that needs a lane's own tools.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, lane: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async (n: number) => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!, n);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, (_, n) => lane(n)));
  return results;
}
