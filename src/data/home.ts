import { paginateList } from '../lib/pagination.ts';
import { getVisiblePosts } from './posts.ts';
import { config } from './site.ts';

/** The home page and its older pages (`/page/2/`…), from the one list of visible posts. */
export async function getHomePages() {
  return paginateList(await getVisiblePosts(), config.postsPerPage, { first: '/', rest: '/page/' });
}
