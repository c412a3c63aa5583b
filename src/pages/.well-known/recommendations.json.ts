import type { APIRoute } from 'astro';
import { getPeers } from '../../data/blogroll.ts';
import { toRecommendationsJson } from '../../lib/blogroll/index.ts';

// Ghost's recommendations format, read by Ghost sites and Micro.blog.
export const GET: APIRoute = async () => new Response(toRecommendationsJson(await getPeers()), { headers: { 'Content-Type': 'application/json' } });
