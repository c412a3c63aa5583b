import { z } from 'zod';

/** A setting that must be a full http(s) URL; the message names the setting and shows one. */
export const httpUrl = (what: string) =>
  z.url({
    protocol: /^https?$/,
    error: `${what} must be a full http(s) URL, for example "https://example.com/"`,
  });
