/** Structured data for search engines: schema.org `BlogPosting`, serialised safely for a <script>. */
export interface BlogPostingInput {
  url: string;
  title: string;
  description: string;
  datePublished: Date;
  dateModified?: Date | undefined;
  image?: string | undefined;
  tags: readonly string[];
  author: { name: string; url?: string | undefined };
  lang: string;
  wordCount?: number;
}

export function blogPostingJsonLd(input: BlogPostingInput): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    mainEntityOfPage: { '@type': 'WebPage', '@id': input.url },
    url: input.url,
    headline: input.title,
    description: input.description,
    datePublished: input.datePublished.toISOString(),
    dateModified: (input.dateModified ?? input.datePublished).toISOString(),
    inLanguage: input.lang,
    ...(input.image ? { image: [input.image] } : {}),
    ...(input.tags.length ? { keywords: input.tags.join(', ') } : {}),
    ...(input.wordCount ? { wordCount: input.wordCount } : {}),
    author: {
      '@type': 'Person',
      name: input.author.name,
      ...(input.author.url ? { url: input.author.url } : {}),
    },
  };
}

/** JSON for an inline <script>: `</script>` and friends cannot end the element early. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
