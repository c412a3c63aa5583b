import type { APIRoute, GetStaticPaths } from 'astro';
import { getPictureFiles, readPicture } from '../../data/pictures.ts';

// Pictures posts show from other sites, fetched by the build and served from this site: a
// reader's browser asks no third party for them.
export const getStaticPaths = (async () =>
  (await getPictureFiles()).map((picture) => ({ params: { file: picture.file }, props: picture }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) =>
  new Response(new Uint8Array(await readPicture((props as { path: string }).path)), {
    headers: { 'Content-Type': (props as { type: string }).type },
  });
