import { z } from 'zod';

/** A setting that must be a full http(s) URL; the message names the setting and shows one. */
export const httpUrl = (what: string) =>
  z.url({
    protocol: /^https?$/,
    error: `${what} must be a full http(s) URL, for example "https://example.com/"`,
  });

/** A whole number from `min` to `max`; the message names the setting and the range. */
export const wholeNumberBetween = (what: string, min: number, max: number) => {
  const error = `${what} must be between ${min} and ${max}`;
  return z.number().int().min(min, { error }).max(max, { error });
};
