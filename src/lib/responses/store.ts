import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isoDate, safeHttpUrl, toResponse } from './clean.ts';
import type { ResponseItem, SiloCounts } from './types.ts';
import { writeWhole } from '../write-whole.ts';

/**
 * The responses cache: one JSON file under `.cache/` that the deploy workflow keeps. It holds
 * the last good answer of every source, so a failing source, an offline build or a lost token
 * still shows every response heard so far. Every item is re-checked when read.
 */

export interface SocialEntry {
  checkedAt?: string;
  fetchedAt?: string;
  counts?: SiloCounts;
  items: ResponseItem[];
}

export interface AvatarEntry {
  /** File name in the avatar folder; absent when the image was refused or failed. */
  file?: string;
  checkedAt: string;
  /** Where the photo URL came from: a public source never leads into a private network. */
  foundOn?: string;
}

export interface ResponsesStore {
  version: 1;
  webmention: {
    /** Which API and mode filled `items` (a change starts afresh). */
    key?: string;
    sinceId?: number;
    fullAt?: string;
    checkedAt?: string;
    /** Target mode: when each post URL was last asked about. */
    targets: Record<string, string>;
    items: ResponseItem[];
  };
  social: Record<string, SocialEntry>;
  giscus: { checkedAt?: string; items: ResponseItem[] };
  avatars: Record<string, AvatarEntry>;
}

export const emptyStore = (): ResponsesStore => ({ version: 1, webmention: { targets: {}, items: [] }, social: {}, giscus: { items: [] }, avatars: {} });

const items = (raw: unknown): ResponseItem[] => (Array.isArray(raw) ? raw.map(toResponse).filter((i): i is ResponseItem => !!i) : []);
const record = (raw: unknown): Record<string, unknown> =>
  typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const count = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0);

/** Validate a store read from disk; anything odd is dropped, never trusted. */
export function toStore(data: unknown): ResponsesStore {
  const raw = record(data);
  if (raw['version'] !== 1) throw new Error('not a version 1 responses cache');
  const store = emptyStore();
  const wm = record(raw['webmention']);
  store.webmention.items = items(wm['items']);
  if (typeof wm['key'] === 'string' && wm['key'].length < 2048) store.webmention.key = wm['key'];
  if (typeof wm['sinceId'] === 'number' && Number.isSafeInteger(wm['sinceId'])) store.webmention.sinceId = wm['sinceId'];
  for (const field of ['fullAt', 'checkedAt'] as const) {
    const date = isoDate(wm[field]);
    if (date) store.webmention[field] = date;
  }
  for (const [key, value] of Object.entries(record(wm['targets']))) {
    const date = isoDate(value);
    if (date && !FORBIDDEN_KEYS.has(key)) store.webmention.targets[key] = date;
  }
  for (const [url, value] of Object.entries(record(raw['social']))) {
    if (!safeHttpUrl(url) || FORBIDDEN_KEYS.has(url)) continue;
    const entry = record(value);
    const social: SocialEntry = { items: items(entry['items']) };
    const checkedAt = isoDate(entry['checkedAt']);
    const fetchedAt = isoDate(entry['fetchedAt']);
    if (checkedAt) social.checkedAt = checkedAt;
    if (fetchedAt) social.fetchedAt = fetchedAt;
    const counts = record(entry['counts']);
    if (entry['counts']) social.counts = { likes: count(counts['likes']), reposts: count(counts['reposts']), replies: count(counts['replies']) };
    store.social[url] = social;
  }
  const giscus = record(raw['giscus']);
  store.giscus.items = items(giscus['items']);
  const giscusChecked = isoDate(giscus['checkedAt']);
  if (giscusChecked) store.giscus.checkedAt = giscusChecked;
  for (const [url, value] of Object.entries(record(raw['avatars']))) {
    if (!safeHttpUrl(url) || FORBIDDEN_KEYS.has(url)) continue;
    const entry = record(value);
    const checkedAt = isoDate(entry['checkedAt']);
    if (!checkedAt) continue;
    const avatar: AvatarEntry = { checkedAt };
    // Only names this module writes: a hash and an image extension, never a path.
    if (typeof entry['file'] === 'string' && /^[a-f\d]{32}\.(png|jpg|gif|webp)$/.test(entry['file'])) avatar.file = entry['file'];
    const foundOn = safeHttpUrl(entry['foundOn']);
    if (foundOn) avatar.foundOn = foundOn;
    store.avatars[url] = avatar;
  }
  return store;
}

/** Read the cache; a missing or damaged file is an empty store (and `problem` says why). */
export async function readStore(file: string): Promise<{ store: ResponsesStore; problem?: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { store: emptyStore() } : { store: emptyStore(), problem: (error as Error).message };
  }
  try {
    return { store: toStore(JSON.parse(text)) };
  } catch (error) {
    return { store: emptyStore(), problem: `unreadable, starting afresh (${(error as Error).message})` };
  }
}

/** Write atomically, so an interrupted build leaves the old cache. */
export async function writeStore(file: string, store: ResponsesStore): Promise<void> {
  await writeWhole(file, `${JSON.stringify(store)}\n`);
}

/** The cache file (tests point `FRONTROW_RESPONSES_CACHE` elsewhere) and its avatar folder. */
export function responsesCachePaths(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): { file: string; avatarDir: string } {
  const file = path.resolve(cwd, env['FRONTROW_RESPONSES_CACHE'] || '.cache/responses.json');
  return { file, avatarDir: path.join(path.dirname(file), `${path.basename(file, '.json')}-avatars`) };
}

/** Every response the cache holds, direct reads first (they win over Bridgy copies). */
export function allItems(store: ResponsesStore): ResponseItem[] {
  return [...Object.values(store.social).flatMap((s) => s.items), ...store.webmention.items, ...store.giscus.items];
}
