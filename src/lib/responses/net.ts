import type { JsonResult } from './http.ts';

/**
 * What a channel reader needs from the network: one JSON request. The collector supplies it
 * (bounded, polite, cached); tests supply their own.
 */
export type JsonGetter = (url: string, options?: { foundOn?: string; body?: string; headers?: Record<string, string> }) => Promise<JsonResult>;

export type ChannelResult<T> = { ok: true; value: T } | { ok: false; message: string; offline: boolean };

export const failed = (result: Extract<JsonResult, { ok: false }>, what: string): { ok: false; message: string; offline: boolean } => ({
  ok: false,
  message: `${what}: ${result.message}`,
  offline: result.offline,
});
