import { fileURLToPath } from 'node:url';
import { entryAddress, fileLinkOf } from '../content/entry-links.ts';
import { PICTURES_PATH, type PictureCache } from '../pictures/index.ts';
import { isRemoteUrl, withBase } from '../urls.ts';

/** Where a URL a post's text writes leads on the published site: the Markdown plugin's one answer, for Markdown, HTML and JSX alike. */
export interface SiteUrls {
  /** A root-relative path with the base path (`/posts/x/` → `/repo/posts/x/`, once); any other URL as written. */
  withinSite(url: string): string;
  /** A link: to a post's file (`./other.md#part`), that post's address; otherwise `withinSite`. */
  link(url: string, fileURL: URL | undefined): string;
  /**
   * A picture: from another site in a build, this site's copy, or undefined while there is none
   * (the caller links to it instead); otherwise `withinSite`.
   */
  picture(url: string, fileURL: URL | undefined): Promise<string | undefined>;
}

export function siteUrls(base: string, contentDir: string, pictures: () => PictureCache | undefined): SiteUrls {
  const withinSite = (url: string) => (url.startsWith('/') && !url.startsWith('//') ? withBase(url, base) : url);
  return {
    withinSite,
    link(url, fileURL) {
      const link = fileURL && fileLinkOf(url, fileURLToPath(fileURL));
      const address = link ? entryAddress(link.file, contentDir) : undefined;
      return withinSite(link && address ? address + link.rest : url);
    },
    async picture(url, fileURL) {
      const cache = pictures();
      if (!cache || !isRemoteUrl(url)) return withinSite(url);
      const file = await cache.fileFor(url, fileURL ? fileURLToPath(fileURL) : 'a post');
      return file ? withinSite(`${PICTURES_PATH}${file}`) : undefined;
    },
  };
}

/** A picture with no copy yet: its description, linked to it (as text inside a link, which cannot nest). */
export function linkInstead(url: string, alt: string, inLink: boolean) {
  const text = { type: 'text' as const, value: alt || url };
  return inLink ? text : { type: 'link' as const, url, children: [text] };
}
