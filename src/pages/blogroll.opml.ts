import type { APIRoute } from 'astro';
import { getBlogrollOpml } from '../data/blogroll.ts';

export const GET: APIRoute = async () => new Response(await getBlogrollOpml(), { headers: { 'Content-Type': 'text/x-opml; charset=utf-8' } });
