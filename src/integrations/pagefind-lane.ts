/**
 * A second lane for the search index's parts (pagefind.ts): a worker thread with a Pagefind
 * service of its own. Pagefind works on one core: it parses the pages and compresses its files
 * in one task, and its service takes one request at a time, so two parts are written at once
 * only by two services, and its Node API starts one per thread.
 */
import { parentPort } from 'node:worker_threads';
import { type KeptIndex, type PartJob, type PartResult, readPart, startRead } from './pagefind-part.ts';

export type LaneRequest = { job: PartJob; kept: KeptIndex | undefined } | { close: true };
export type LaneReply = { result: PartResult } | { error: string };

const port = parentPort;
if (!port) throw new Error('pagefind-lane.ts runs as a worker thread (pagefind.ts starts it)');
// Imported here: the thread's own service.
const { createIndex, close } = await import('pagefind');
port.on('message', async (request: LaneRequest) => {
  if ('close' in request) {
    await close();
    port.close();
    return;
  }
  try {
    const result = await readPart(request.job, request.kept, (glob) => startRead(createIndex, request.job.site, glob));
    port.postMessage({ result } satisfies LaneReply);
  } catch (error) {
    port.postMessage({ error: (error as Error).message } satisfies LaneReply);
  }
});
