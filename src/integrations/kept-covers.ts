import path from 'node:path';
import type { Loader, LoaderContext } from 'astro/loaders';
import { PICTURES, takeHandOff } from '../lib/handoff.ts';
import type { PictureCache } from '../lib/pictures/index.ts';
import { isRemoteUrl } from '../lib/urls.ts';

/**
 * A post's cover from another site (`image: https://…/cover.jpg`, as Ghost and WordPress exports
 * write it) is fetched by the build, as the pictures of its text are, and handed to Astro's cover
 * helper as the kept file: it is then resized, and shared as the page's image, as a cover beside
 * the post is. The helper reads only a file beside the post, so the build failed on such a cover.
 * While the build has no copy (one warning line), and in the dev preview and `npm run check`
 * (which fetch nothing), the post shows no cover. Such a post is read again at every build
 * (fresh-renders.ts), so a copy fetched later shows, and a lost cache costs a fetch, not the build.
 */
export function withKeptCovers(loader: Loader): Loader {
  return {
    ...loader,
    load: (context: LoaderContext) => {
      const parseData: LoaderContext['parseData'] = async (props) => {
        const url = props.data['image'];
        if (typeof url !== 'string' || !isRemoteUrl(url)) return context.parseData(props);
        const { image: _remote, ...rest } = props.data as Record<string, unknown>;
        const cache = await takeHandOff<PictureCache>(PICTURES);
        const file = cache && props.filePath ? await cache.fileFor(url, props.filePath, 'the post shows no cover until then') : undefined;
        const data = file ? { ...rest, image: relativePath(props.filePath!, path.join(cache!.dir, file)) } : rest;
        return context.parseData({ ...props, data: data as typeof props.data });
      };
      return loader.load({ ...context, parseData });
    },
  };
}

/** The kept file as the cover helper reads a path: from the post's folder, starting with `.`. */
function relativePath(post: string, file: string): string {
  const relative = path.relative(path.dirname(post), file).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
