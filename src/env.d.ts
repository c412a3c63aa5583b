declare module 'virtual:frontrow/config' {
  export const config: import('./lib/config/schema.ts').SiteConfig;
  /** Absolute path of the writer's content folder. */
  export const contentDir: string;
  /** True only under `astro dev`: drafts and scheduled posts are previewed. */
  export const showDrafts: boolean;
  /** FRONTROW_NOW, when set: the moment scheduled posts are judged against, instead of the clock. */
  export const buildNow: string | null;
}
