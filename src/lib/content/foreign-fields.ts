/**
 * Frontmatter fields other blog engines and themes write, which Frontrow does not read. A writer
 * who brings posts from Jekyll, Hugo, Eleventy, Ghost, WordPress or another Astro theme keeps
 * them, and an ignored field loses its meaning without a word: a post its writer had hidden is
 * published, its categories and cover vanish. The list is the product's own knowledge of those
 * engines, so it is written here rather than guessed by spelling (`closestKey`).
 */
interface ForeignField {
  /** Who writes it, for the message. */
  engines: string;
  /** The value hides the post there: Frontrow would publish it. */
  hides?: (value: unknown) => boolean;
  /** Who hides posts with it, when not the same engines. */
  hidesIn?: string;
  /** Frontrow's field for the same thing, when there is one. */
  means?: string;
}

const isTrue = (value: unknown) => value === true;
const DRAFT_STATUS = (value: unknown) => typeof value === 'string' && !/^(publish|published|public|live)$/i.test(value.trim());

const FOREIGN_FIELDS: Record<string, ForeignField> = {
  published: { engines: 'Fuwari', means: 'pubDate', hides: (value) => value === false, hidesIn: 'Jekyll' },
  status: { engines: 'Ghost and WordPress', hides: DRAFT_STATUS },
  hidden: { engines: 'Hexo and some themes', hides: isTrue },
  unlisted: { engines: 'Hugo themes and Docusaurus', hides: isTrue },
  private: { engines: 'some themes', hides: isTrue },
  eleventyExcludeFromCollections: { engines: 'Eleventy', hides: isTrue },
  permalink: { engines: 'Jekyll and Eleventy', hides: (value) => value === false, hidesIn: 'Eleventy', means: 'aliases' },
  redirect_from: { engines: "Jekyll's redirect plugin", means: 'aliases' },
  url: { engines: 'Hugo', means: 'aliases' },
  date: { engines: 'Jekyll, Hugo and Eleventy', means: 'pubDate' },
  publishDate: { engines: 'Hugo', means: 'pubDate' },
  pubDatetime: { engines: 'AstroPaper', means: 'pubDate' },
  published_at: { engines: 'Ghost', means: 'pubDate' },
  lastmod: { engines: 'Hugo', means: 'updatedDate' },
  last_modified_at: { engines: 'Jekyll', means: 'updatedDate' },
  modDatetime: { engines: 'AstroPaper', means: 'updatedDate' },
  updated: { engines: 'Hexo and Fuwari', means: 'updatedDate' },
  updated_at: { engines: 'Ghost', means: 'updatedDate' },
  categories: { engines: 'Jekyll, Hugo and WordPress', means: 'tags' },
  category: { engines: 'Fuwari and Hexo', means: 'tags' },
  summary: { engines: 'Hugo', means: 'description' },
  excerpt: { engines: 'Jekyll and Ghost', means: 'description' },
  custom_excerpt: { engines: 'Ghost', means: 'description' },
  heroImage: { engines: "Astro's blog template", means: 'image' },
  cover: { engines: 'Hugo themes and Fuwari', means: 'image' },
  coverImage: { engines: 'several themes', means: 'image' },
  cover_image: { engines: 'several themes', means: 'image' },
  feature_image: { engines: 'Ghost', means: 'image' },
  featured_image: { engines: 'WordPress', means: 'image' },
  ogImage: { engines: 'AstroPaper', means: 'image' },
  canonical_url: { engines: 'Ghost', means: 'canonicalUrl' },
  canonicalURL: { engines: 'AstroPaper', means: 'canonicalUrl' },
  'in-reply-to': { engines: 'IndieWeb themes', means: 'inReplyTo' },
  in_reply_to: { engines: 'IndieWeb themes', means: 'inReplyTo' },
  'like-of': { engines: 'IndieWeb themes', means: 'likeOf' },
  like_of: { engines: 'IndieWeb themes', means: 'likeOf' },
  'bookmark-of': { engines: 'IndieWeb themes', means: 'bookmarkOf' },
  bookmark_of: { engines: 'IndieWeb themes', means: 'bookmarkOf' },
};

/** A field another engine writes, which `foreignFieldProblem` speaks about when it matters. */
export const isForeignField = (key: string) => Object.hasOwn(FOREIGN_FIELDS, key);

/**
 * What a field of another engine means here, or undefined when Frontrow may ignore it (unknown,
 * or its meaning is already said by Frontrow's own field). `fields` are the post's or page's own.
 */
export function foreignFieldProblem(
  key: string,
  data: Readonly<Record<string, unknown>>,
  fields: readonly string[],
  thing: 'post' | 'page',
): string | undefined {
  const value = data[key];
  const foreign = Object.hasOwn(FOREIGN_FIELDS, key) ? FOREIGN_FIELDS[key] : undefined;
  if (!foreign) return undefined;
  const written = `${key}: ${JSON.stringify(value)}`;
  if (foreign.hides?.(value)) {
    // Frontrow's own draft said too: the writer has already said what they mean here.
    if (data['draft'] === true) return undefined;
    return `${written} hides a ${thing} in ${foreign.hidesIn ?? foreign.engines}, but Frontrow would publish it: write draft: true to keep it off the site (or delete the line to publish it)`;
  }
  const { means } = foreign;
  if (!means || !fields.includes(means) || means in data) return undefined;
  return `${key} (from ${foreign.engines}) is not read: Frontrow's field is ${means}; rename ${key} to ${means}${hint(means)}`;
}

/** What Frontrow's field takes, when it differs from what the other engines write. */
function hint(field: string): string {
  if (field === 'tags') return ', a list such as tags: [writing, community]';
  if (field === 'aliases') return ', a list such as aliases: [/2019/05/my-post.html]: the old address then sends readers here';
  if (field === 'image') return ' (a picture beside the post, such as image: ./cover.jpg, with imageAlt)';
  return '';
}
