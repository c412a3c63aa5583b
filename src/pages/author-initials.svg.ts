import type { APIRoute } from 'astro';
import { config } from '../data/site.ts';
import { initialsAvatarSvg } from '../lib/avatar.ts';

// The footer's picture when author.avatar is not set (see Footer.astro).
export const GET: APIRoute = () => new Response(initialsAvatarSvg(config.author.name), { headers: { 'Content-Type': 'image/svg+xml' } });
