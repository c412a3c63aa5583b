import type { APIRoute, GetStaticPaths } from 'astro';
import { getAvatarFiles, readAvatar } from '../../../data/responses.ts';

// Responders' avatars, fetched by the build and served from this site: a reader's browser
// asks no third party for them, and the Content-Security-Policy needs no exception.
export const getStaticPaths = (async () =>
  (await getAvatarFiles()).map((avatar) => ({ params: { file: avatar.file }, props: avatar }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ props }) =>
  new Response(new Uint8Array(await readAvatar((props as { path: string }).path)), {
    headers: { 'Content-Type': (props as { type: string }).type },
  });
