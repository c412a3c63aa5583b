import { config, keptPictures, showDrafts } from 'virtual:frontrow/config';
import { PICTURES_PATH } from '../lib/pictures/index.ts';
import { absoluteUrl, isRemoteUrl, withBase } from '../lib/urls.ts';

export { config };

/** Site-relative link with the base path: `link('/tags/')`. */
export const link = (href: string): string => withBase(href, config.base);

/** Absolute URL for feeds, canonical links and social cards. */
export const absolute = (href: string): string => absoluteUrl(href, config.url, config.base);

/**
 * Where a page shows a picture from (an avatar): a path under public/ with the base path; a
 * picture on another site from the build's copy of it, or none when the build has no copy (the
 * reader's browser asks no third party). The dev preview shows it as written.
 */
export function pictureSrc(src: string | undefined): string | undefined {
  if (!src) return undefined;
  if (!isRemoteUrl(src)) return src.startsWith('/') ? link(src) : src;
  if (showDrafts) return src;
  const file = keptPictures[src];
  return file ? link(`${PICTURES_PATH}${file}`) : undefined;
}
