import type { GiscusConfig } from './config/schema.ts';

/**
 * giscus comments: the writer's configuration turned into `<giscus-widget>` attributes. Pure, so
 * the mapping that decides which GitHub discussion a post talks to is tested without a browser.
 */

/** The site's own themes, as `ThemeScript` names them. */
export type SiteTheme = 'light' | 'dark';

/** Attribute names exactly as the `giscus` web component reads them (lower-cased, "0"/"1"). */
export interface GiscusWidgetAttributes {
  host: string;
  repo: string;
  repoid: string;
  category: string;
  categoryid: string;
  mapping: 'specific';
  term: string;
  strict: '1';
  reactionsenabled: '0' | '1';
  emitmetadata: '0';
  inputposition: 'top' | 'bottom';
  theme: string;
  lang: string;
  loading: 'lazy';
}

/** Interface languages giscus ships (https://github.com/giscus/giscus/tree/main/locales). */
export const GISCUS_LANGUAGES: readonly string[] = [
  'ar',
  'be',
  'bg',
  'ca',
  'cs',
  'da',
  'de',
  'en',
  'eo',
  'es',
  'eu',
  'fa',
  'fr',
  'gr',
  'gsw',
  'hbs',
  'he',
  'hu',
  'id',
  'it',
  'ja',
  'kh',
  'ko',
  'nl',
  'pl',
  'pt',
  'ro',
  'ru',
  'th',
  'tr',
  'uk',
  'uz',
  'vi',
  'zh-CN',
  'zh-HK',
  'zh-Hans',
  'zh-Hant',
  'zh-TW',
];

/**
 * The giscus language for a site: the configured one, else the site's language tag or its
 * primary subtag ("en-GB" → "en") when giscus has it, else English. giscus answers an unknown
 * language with an error page inside the frame, so this never passes one through unchecked.
 */
export function giscusLang(siteLang: string, configured?: string): string {
  for (const candidate of [configured, siteLang, siteLang.split('-')[0]]) {
    if (!candidate) continue;
    const known = GISCUS_LANGUAGES.find((l) => l.toLowerCase() === candidate.toLowerCase());
    if (known) return known;
  }
  return 'en';
}

/** The giscus theme that matches the site's current theme. */
export function giscusTheme(config: Pick<GiscusConfig, 'lightTheme' | 'darkTheme'>, theme: SiteTheme): string {
  return theme === 'dark' ? config.darkTheme : config.lightTheme;
}

/**
 * Widget attributes for one post. Mapping is `specific` with the post id as the term and strict
 * matching (giscus then finds the discussion by a SHA-1 of the term), so a discussion survives a
 * change of domain, base path or title, and two posts whose titles look alike never share one.
 */
export function giscusAttributes(config: GiscusConfig, post: { id: string; siteLang: string; theme?: SiteTheme }): GiscusWidgetAttributes {
  return {
    host: new URL(config.host).origin,
    repo: config.repo,
    repoid: config.repoId,
    category: config.category,
    categoryid: config.categoryId,
    mapping: 'specific',
    term: post.id,
    strict: '1',
    reactionsenabled: config.reactions ? '1' : '0',
    emitmetadata: '0',
    inputposition: config.inputPosition,
    theme: giscusTheme(config, post.theme ?? 'light'),
    lang: giscusLang(post.siteLang, config.lang),
    loading: 'lazy',
  };
}

/** Origin that the Content-Security-Policy must allow as a frame source, or none without giscus. */
export function giscusFrameOrigin(config: GiscusConfig | undefined): string | undefined {
  return config ? new URL(config.host).origin : undefined;
}

/** What a post page shows where comments go. */
export type CommentsMode = 'giscus' | 'setup-hint' | 'off';

/**
 * `comments: false` in a post's frontmatter always wins. Without a giscus section the built site
 * has no comments at all, and the dev preview says how to set them up. Drafts and scheduled posts
 * never get a thread: their id could still change before they go out.
 */
export function commentsMode(options: {
  giscus: GiscusConfig | undefined;
  postAllowsComments: boolean;
  published: boolean;
  devPreview: boolean;
}): CommentsMode {
  if (!options.postAllowsComments) return 'off';
  if (!options.giscus) return options.devPreview ? 'setup-hint' : 'off';
  return options.published ? 'giscus' : 'off';
}
