import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getBytes, HostLock, trustedPrivateHosts } from '../net/index.ts';
import { writeWhole } from '../write-whole.ts';
import { savePicture } from './sniff.ts';

/**
 * Pictures a post shows from another site (`![chart](https://…/chart.png)`), fetched by the
 * build and served by the site: a reader's browser asks no third party for anything until the
 * reader acts. Each picture is fetched once and kept (`.cache/pictures/`, named by its bytes'
 * hash; `.cache/pictures.json` maps each URL to its file), so a cache the deploy keeps costs no
 * request at all. One that cannot be fetched is asked again after a week, and meanwhile the post
 * links to it instead (`fileFor` answers undefined).
 */

export interface PictureCacheOptions {
  /** The map of URLs to files, `.cache/pictures.json`; the files go in the folder beside it named `pictures`. */
  cacheFile: string;
  /** Names the site and gives a contact URL. */
  userAgent: string;
  /** Never touch the network: pictures already kept only. */
  offline: boolean;
  /** Hosts the writer allows into a private network (the config's allow-list). */
  privateHosts?: readonly string[];
  timeoutMs?: number;
  maxBytes?: number;
  /** New pictures asked for in one build, at most: the rest wait for the next. */
  maxNew?: number;
  /** One line per picture that could not be fetched. */
  warn: (line: string) => void;
  now?: () => Date;
  fetch?: typeof fetch;
}

interface PictureRecord {
  /** The kept file, in the pictures folder; absent while the picture could not be fetched. */
  file?: string;
  checkedAt: string;
}

const RETRY_DAYS = 7;

export interface PictureCache {
  /**
   * The kept file of a picture (fetching it first when needed), or undefined. A failure is one
   * warning naming `usedIn` and what readers get `instead` (default: the post links to it).
   */
  fileFor(url: string, usedIn: string, instead?: string): Promise<string | undefined>;
  /** The folder the files are in. */
  readonly dir: string;
  /** The files of the pictures asked for so far (this build's), for the route that serves them. */
  used(): string[];
  /** Writes the map when it changed. */
  save(): Promise<void>;
}

/** The cache's map as the last build left it (an unreadable one counts as empty: the pictures are fetched again). */
function readPictureMap(cacheFile: string): Record<string, PictureRecord> {
  try {
    const parsed = JSON.parse(readFileSync(cacheFile, 'utf8')) as { version?: number; pictures?: Record<string, PictureRecord> };
    return parsed.version === 1 && parsed.pictures ? parsed.pictures : {};
  } catch {
    return {};
  }
}

const picturesDirOf = (cacheFile: string) => path.join(path.dirname(cacheFile), 'pictures');

export function openPictureCache(options: PictureCacheOptions): PictureCache {
  const { cacheFile, maxNew = 100 } = options;
  const dir = picturesDirOf(cacheFile);
  const pictures = readPictureMap(cacheFile);
  const now = options.now ?? (() => new Date());
  const hosts = new HostLock();
  const asked = new Map<string, Promise<string | undefined>>();
  let changed = false;
  let offline = options.offline;
  let fetched = 0;
  const usedUrls = new Set<string>();

  /** Pictures left for a later build, past `maxNew`: said once, when the cache is saved. */
  const waiting = new Set<string>();
  const fetchPicture = async (url: string, usedIn: string, instead: string): Promise<string | undefined> => {
    if (offline) return undefined;
    if (fetched >= maxNew) {
      waiting.add(url);
      return undefined;
    }
    fetched++;
    const result = await hosts.run(url, () =>
      getBytes(url, {
        userAgent: options.userAgent,
        timeoutMs: options.timeoutMs ?? 10_000,
        maxBytes: options.maxBytes ?? 10 * 1024 * 1024,
        accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif',
        // The writer wrote this URL: an IP literal or localhost in it is theirs to reach; a
        // redirect into a private network is not.
        privateHosts: trustedPrivateHosts([url], options.privateHosts ?? []),
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    );
    if (!result.ok && result.offline) {
      // No network here: nothing is remembered as failing, and nothing more is asked.
      offline = true;
      return undefined;
    }
    const file = result.ok ? await savePicture(dir, result.bytes) : undefined;
    pictures[url] = { checkedAt: now().toISOString(), ...(file ? { file } : {}) };
    changed = true;
    if (!file) {
      const why = result.ok ? 'it is not a PNG, JPEG, GIF or WebP picture' : result.message;
      options.warn(`the picture ${url} in ${usedIn} could not be fetched (${why}): ${instead}; asked again in ${RETRY_DAYS} days`);
    }
    return file;
  };

  return {
    dir,
    fileFor(url, usedIn, instead = 'the post links to it instead') {
      usedUrls.add(url);
      const known = pictures[url];
      if (known?.file && existsSync(path.join(dir, known.file))) return Promise.resolve(known.file);
      if (known && !known.file && now().getTime() - Date.parse(known.checkedAt) < RETRY_DAYS * 86_400_000) return Promise.resolve(undefined);
      let answer = asked.get(url);
      if (!answer) asked.set(url, (answer = fetchPicture(url, usedIn, instead)));
      return answer;
    },
    used() {
      const files = [...usedUrls].map((url) => pictures[url]?.file).filter((file): file is string => file !== undefined && existsSync(path.join(dir, file)));
      return [...new Set(files)].sort();
    },
    async save() {
      if (changed) await writeWhole(cacheFile, `${JSON.stringify({ version: 1, pictures })}\n`);
      changed = false;
      // An archive brought over with hundreds of them: the writer hears why some are links yet.
      if (waiting.size > 0) {
        const what = waiting.size === 1 ? 'picture from another site waits' : 'pictures from other sites wait';
        options.warn(
          `${waiting.size} ${what} for the next build: a build fetches at most ${maxNew} new ones, to spare their sites; until then posts link to them (a cover is left out)`,
        );
        waiting.clear();
      }
    },
  };
}
