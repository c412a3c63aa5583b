import { sameUrl, siteKey } from './clean.ts';
import { ownedBy, type PostRef, type PostResponse } from './group.ts';
import { isConversation, type Channel, type Kind } from './types.ts';
import { truncate } from '../blogroll/index.ts';

/**
 * The writer's inbox: the replies and mentions nobody has answered yet, and the front row, the
 * people who responded most lately. A response counts as answered when:
 * - one of the writer's own accounts (a `profiles[].url`, or the site itself) replied under it,
 *   directly or further down its thread;
 * - a published post of the writer's has `inReplyTo` set to the response's URL;
 * - on giscus, the writer's GitHub login replied to the comment;
 * - the writer marked it done by hand.
 */

export interface InboxEntry {
  id: string;
  channel: Channel;
  kind: Extract<Kind, 'reply' | 'mention'>;
  post: string;
  url: string;
  author: { name: string; url?: string };
  published?: string;
  text: string;
}

export interface FrontRowEntry {
  name: string;
  url?: string;
  responses: number;
}

export interface Inbox {
  responses: InboxEntry[];
  frontRow: FrontRowEntry[];
}

export interface InboxContext {
  siteUrl: string;
  profiles: readonly string[];
  githubLogin?: string | undefined;
  posts: readonly PostRef[];
  done: ReadonlySet<string>;
  now?: Date;
  /** Days the front row looks back. */
  days?: number;
  frontRowSize?: number;
}

export function buildInbox(responses: readonly PostResponse[], ctx: InboxContext): Inbox {
  const isOwnUrl = ownedBy(ctx.siteUrl, ctx.profiles);
  const login = ctx.githubLogin?.toLowerCase();
  const isOwn = (r: PostResponse) => isOwnUrl(r.author.url) || (r.channel === 'giscus' && !!login && r.author.name.toLowerCase() === login);
  const byId = new Map<string, PostResponse>();
  for (const r of responses) {
    byId.set(r.id, r);
    for (const alias of r.aliases ?? []) byId.set(alias, r);
  }
  // Everything the writer answered: the ancestors of each of their own replies.
  const answered = new Set<string>();
  for (const r of responses) {
    if (!isOwn(r)) continue;
    let parent = r.parent ? byId.get(r.parent) : undefined;
    for (let depth = 0; parent && depth < 50 && !answered.has(parent.id); depth++) {
      answered.add(parent.id);
      parent = parent.parent ? byId.get(parent.parent) : undefined;
    }
  }
  const repliedByPost = ctx.posts.filter((p) => p.inReplyTo && p.published !== false).map((p) => p.inReplyTo!);
  const isAnswered = (r: PostResponse) =>
    answered.has(r.id) || ctx.done.has(r.id) || (r.aliases ?? []).some((a) => ctx.done.has(a)) || repliedByPost.some((u) => sameUrl(u, r.url));

  const time = (r: { published?: string }) => (r.published ? Date.parse(r.published) : 0);
  const waiting = responses
    .filter((r) => isConversation(r.kind) && !isOwn(r) && !isAnswered(r))
    .sort((a, b) => time(b) - time(a) || a.id.localeCompare(b.id))
    .map(
      (r): InboxEntry => ({
        id: r.id,
        channel: r.channel,
        kind: r.kind as InboxEntry['kind'],
        post: r.post,
        url: r.url,
        author: { name: r.author.name, ...(r.author.url ? { url: r.author.url } : {}) },
        ...(r.published ? { published: r.published } : {}),
        text: r.text,
      }),
    );
  return {
    responses: waiting,
    frontRow: frontRow(
      responses.filter((r) => !isOwn(r)),
      ctx,
    ),
  };
}

/** Who responded most in the last `days` days, across channels, one person per profile URL. */
export function frontRow(responses: readonly PostResponse[], ctx: Pick<InboxContext, 'now' | 'days' | 'frontRowSize'>): FrontRowEntry[] {
  const since = (ctx.now ?? new Date()).getTime() - (ctx.days ?? 90) * 86_400_000;
  const people = new Map<string, FrontRowEntry & { last: number }>();
  for (const r of responses) {
    const at = r.published ? Date.parse(r.published) : NaN;
    if (!(at >= since)) continue;
    const key = r.author.url ? siteKey(r.author.url) : `${r.channel}:${r.author.name.toLowerCase()}`;
    const person = people.get(key) ?? { name: r.author.name, ...(r.author.url ? { url: r.author.url } : {}), responses: 0, last: 0 };
    person.responses++;
    if (at > person.last) Object.assign(person, { last: at, name: r.author.name });
    people.set(key, person);
  }
  return [...people.values()]
    .sort((a, b) => b.responses - a.responses || b.last - a.last || a.name.localeCompare(b.name))
    .slice(0, ctx.frontRowSize ?? 12)
    .map(({ last: _last, ...person }) => person);
}

/** The inbox as the writer reads it in a terminal. */
export function formatInbox(inbox: Inbox, titles: ReadonlyMap<string, string>, days = 90): string {
  const lines: string[] = [];
  const n = inbox.responses.length;
  lines.push(n === 0 ? 'Nobody is waiting for an answer. ✓' : `${n} ${n === 1 ? 'conversation waits' : 'conversations wait'} for your answer, newest first:`);
  for (const r of inbox.responses) {
    lines.push('');
    lines.push(`  ${(r.published ?? '').slice(0, 10) || '(no date)'}  ${r.author.name} — ${r.kind} on ${r.channel}, under "${titles.get(r.post) ?? r.post}"`);
    if (r.text) lines.push(`    “${truncate(r.text, 160)}”`);
    lines.push(`    ${r.url}`);
    lines.push(`    id: ${r.id}`);
  }
  lines.push('');
  if (inbox.frontRow.length > 0) {
    lines.push(`Your front row, the last ${days} days:`);
    for (const p of inbox.frontRow) lines.push(`  ${String(p.responses).padStart(3)}  ${p.name}${p.url ? `  ${p.url}` : ''}`);
  } else {
    lines.push(`No responses in the last ${days} days yet.`);
  }
  if (n > 0) lines.push('', 'Answered elsewhere? Mark it: npm run inbox -- done <id>');
  return lines.join('\n');
}
