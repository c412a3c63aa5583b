import { config } from 'virtual:frontrow/config';
import { absoluteUrl, withBase } from '../lib/urls.ts';

export { config };

/** Site-relative link with the base path: `link('/tags/')`. */
export const link = (href: string): string => withBase(href, config.base);

/** Absolute URL for feeds, canonical links and social cards. */
export const absolute = (href: string): string => absoluteUrl(href, config.url, config.base);
