import { groupByYear } from '../lib/dates.ts';
import { getVisiblePosts, type PostSummary } from './posts.ts';
import { config } from './site.ts';

export interface ArchiveYear {
  year: number;
  posts: PostSummary[];
  /** The years before and after it that have posts, for the year page's links. */
  newer?: number | undefined;
  older?: number | undefined;
}

export interface Archive {
  total: number;
  /** Newest first. */
  years: ArchiveYear[];
  /** Past `archiveOnOnePage` posts each year is its own page (/archive/2024/): a ten-year archive on one page is megabytes. */
  byYearPages: boolean;
}

export async function getArchive(): Promise<Archive> {
  const posts = await getVisiblePosts();
  const grouped = groupByYear(posts, ({ post }) => post.data.pubDate);
  const years = grouped.map(([year, list], i) => ({ year, posts: list, newer: grouped[i - 1]?.[0], older: grouped[i + 1]?.[0] }));
  return { total: posts.length, years, byYearPages: posts.length > config.archiveOnOnePage };
}

/** Path of a year's page, when the archive has them. */
export const archiveYearPath = (year: number): string => `/archive/${year}/`;
