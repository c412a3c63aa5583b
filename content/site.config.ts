// A type-only import: erased at run time, so this folder can be copied anywhere.
import type { SiteConfigInput } from '../src/lib/config/schema.ts';

// Your blog's settings. Every option is described in README.md, "Configuration".
export default {
  title: 'Field Notes',
  description: 'Mara Lindqvist writes about writing in public and growing a circle of peers, one reader at a time.',
  url: 'https://example.com',
  base: '/',
  lang: 'en',
  author: {
    name: 'Mara Lindqvist',
    url: 'https://example.com/about/',
    bio: 'Writer and editor. I read every reply.',
  },
  profiles: [
    { label: 'Mastodon', url: 'https://mastodon.social/@maralindqvist' },
    { label: 'GitHub', url: 'https://github.com/maralindqvist' },
  ],
  nav: [
    { label: 'Archive', href: '/archive/' },
    { label: 'Tags', href: '/tags/' },
    { label: 'Blogroll', href: '/blogroll/' },
    { label: 'About', href: '/about/' },
    { label: 'Follow', href: '/follow/' },
  ],
  postsPerPage: 5,
  originality: { failOn: 'none' },
  blogroll: { river: true },
} satisfies SiteConfigInput;
