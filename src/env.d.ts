declare module 'virtual:frontrow/config' {
  export const config: import('./lib/config/schema.ts').SiteConfig;
  /** Absolute path of the writer's content folder. */
  export const contentDir: string;
  /** True only under `astro dev`: drafts and scheduled posts are previewed. */
  export const showDrafts: boolean;
  /** FRONTROW_NOW, when set: the moment scheduled posts are judged against, instead of the clock. */
  export const buildNow: string | null;
  /** Astro's cache folder (kept between builds by the deploy workflow), absolute. */
  export const cacheDir: string;
  /** A digest of the engine's code (builds only), part of every page's cache key. */
  export const engineVersion: string | null;
  /** Pictures from other sites the pages show outside posts (avatars), by URL: this build's copies (src/integrations/pictures.ts). */
  export const keptPictures: Record<string, string>;
}
