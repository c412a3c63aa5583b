import { describe, expect, it } from 'vitest';
import { findBlogrollInLinkHeader, findBlogrollLinks, findFeedLinks, readPageMeta } from '../../../src/lib/blogroll/discover.ts';

const PAGE = 'https://peer.example/blog/';

describe('findFeedLinks', () => {
  it('prefers RSS/Atom over JSON Feed over generic XML, and main feeds over comment feeds', () => {
    const html = `<html><head>
      <link rel="alternate" type="application/rss+xml" title="Comments" href="/comments/feed/">
      <link rel="alternate" type="text/xml" href="/generic.xml">
      <link rel="alternate" type="application/feed+json" href="feed.json">
      <link rel="alternate" type="application/atom+xml" href="/atom.xml">
      <link rel="alternate" hreflang="fr" href="/fr/">
      <link rel="stylesheet" type="application/rss+xml" href="/not-a-feed.xml">
      <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    </head></html>`;
    expect(findFeedLinks(html, PAGE)).toEqual([
      'https://peer.example/atom.xml',
      'https://peer.example/blog/feed.json',
      'https://peer.example/generic.xml',
      'https://peer.example/comments/feed/',
    ]);
  });

  it('resolves against <base href> and reads attributes in any case', () => {
    const html = `<HEAD><BASE HREF="https://cdn.peer.example/x/"><LINK REL="Alternate" TYPE="Application/RSS+XML; charset=utf-8" HREF="rss.xml"></HEAD>`;
    expect(findFeedLinks(html, PAGE)).toEqual(['https://cdn.peer.example/x/rss.xml']);
  });

  it('finds nothing in a page without feeds', () => {
    expect(findFeedLinks('<p>hello</p>', PAGE)).toEqual([]);
  });
});

describe('blogroll discovery', () => {
  it('reads rel="blogroll" and the older outline/subscriptions forms', () => {
    const html = `<link rel="blogroll" type="text/xml" href="/.well-known/recommendations.opml">
      <link rel="outline" type="text/x-opml" href="/old.opml"><link rel="subscriptions" type="text/html" href="/nope">
      <link rel="blogroll" href="data:text/xml,<opml/>">`;
    expect(findBlogrollLinks(html, PAGE)).toEqual(['https://peer.example/.well-known/recommendations.opml', 'https://peer.example/old.opml']);
  });

  it('reads a Link header', () => {
    expect(findBlogrollInLinkHeader('</style.css>; rel="preload", </roll.opml>; rel="blogroll"; type="text/xml"', PAGE)).toEqual([
      'https://peer.example/roll.opml',
    ]);
    expect(findBlogrollInLinkHeader(null, PAGE)).toEqual([]);
  });
});

describe('readPageMeta', () => {
  it('takes the site name and description as plain text', () => {
    const html = `<title>Post &amp; Page | Alice</title><meta property="og:site_name" content="Alice's &lt;b&gt;Notes&lt;/b&gt;">
      <meta name="description" content="  Birds,\n bees.  ">`;
    expect(readPageMeta(html)).toEqual({ title: "Alice's Notes", description: 'Birds, bees.' });
    expect(readPageMeta('<title>Only a title</title>')).toEqual({ title: 'Only a title' });
  });
});
