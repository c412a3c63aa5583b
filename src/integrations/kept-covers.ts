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
 * The dev preview, which fetches nothing, shows the copy the last build kept. While there is none
 * (one warning line in a build, one line in the preview) and in `npm run check`, the post shows
 * no cover. Such a post is read again at every build (fresh-renders.ts), so a copy fetched later
 * shows, and a lost cache costs a fetch, not the build.
 */
export function withKeptCovers(loader: Loader, devPreview: boolean): Loader {
  return {
    ...loader,
    load: async (context: LoaderContext) => {
      /** The posts read this time whose cover the preview leaves out (no build has kept it yet): said in one line. */
      const leftOut = new Set<string>();
      const parseData: LoaderContext['parseData'] = async (props) => {
        const url = props.data['image'];
        if (typeof url !== 'string' || !isRemoteUrl(url)) return context.parseData(props);
        const { image: _remote, ...rest } = props.data as Record<string, unknown>;
        const cache = await takeHandOff<PictureCache>(PICTURES);
        const file = cache && props.filePath ? await cache.fileFor(url, props.filePath, 'the post shows no cover until then') : undefined;
        if (devPreview && !file && props.filePath) leftOut.add(path.basename(props.filePath));
        const data = file ? { ...rest, image: relativePath(props.filePath!, path.join(cache!.dir, file)) } : rest;
        return context.parseData({ ...props, data: data as typeof props.data });
      };
      await loader.load({ ...context, parseData });
      if (leftOut.size > 0) {
        const some = [...leftOut].slice(0, 3).join(', ') + (leftOut.size > 3 ? ' and others' : '');
        context.logger.info(
          leftOut.size === 1
            ? `a cover from another site (${some}): the preview shows none, the build fetches it`
            : `${leftOut.size} covers from another site (${some}): the preview shows none, the build fetches them`,
        );
      }
    },
  };
}

/** The kept file as the cover helper reads a path: from the post's folder, starting with `.`. */
function relativePath(post: string, file: string): string {
  const relative = path.relative(path.dirname(post), file).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
