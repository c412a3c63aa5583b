import os from 'node:os';

/**
 * Runs `task` on every item, at most `limit` at a time and, to be polite, one at a time per
 * host: several blogs on one server are asked in turn, while other hosts go ahead. Results
 * come back in the order of `items`.
 */
export function mapPolitely<T, R>(items: readonly T[], limit: number, hostOf: (item: T) => string, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  if (items.length === 0) return Promise.resolve(results);
  const queues = new Map<string, number[]>();
  items.forEach((item, index) => {
    const host = hostOf(item);
    const queue = queues.get(host);
    if (queue) queue.push(index);
    else queues.set(host, [index]);
  });
  const busy = new Set<string>();
  let running = 0;
  let finished = 0;
  return new Promise((resolve, reject) => {
    const pump = () => {
      if (finished === items.length) return resolve(results);
      for (const [host, queue] of queues) {
        if (running >= Math.max(1, limit)) break;
        if (busy.has(host)) continue;
        const index = queue.shift()!;
        if (queue.length === 0) queues.delete(host);
        busy.add(host);
        running++;
        task(items[index]!, index)
          .then((result) => {
            results[index] = result;
            busy.delete(host);
            running--;
            finished++;
            pump();
          })
          .catch(reject);
      }
    };
    pump();
  });
}

/** Whether any network interface other than loopback is up. */
export function hasExternalInterface(list: typeof os.networkInterfaces = os.networkInterfaces): boolean {
  try {
    return Object.values(list()).some((addresses) => addresses?.some((a) => !a.internal));
  } catch {
    return true; // cannot tell: try the network and let errors speak
  }
}

/** One request at a time per host; callers on other hosts go ahead meanwhile. */
export class HostLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(url: string, task: () => Promise<T>): Promise<T> {
    const host = new URL(url).host;
    const previous = this.tails.get(host) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => {});
    this.tails.set(host, tail);
    void tail.then(() => {
      if (this.tails.get(host) === tail) this.tails.delete(host);
    });
    return result;
  }
}
