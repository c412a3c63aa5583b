import { sourceKindOf } from '../markdown/prose.ts';
import { lineAt, walk } from '../markdown/walk.ts';
import type { LineProblem } from './validate.ts';

/**
 * Template tags and markup of the engine a post came from: Liquid's (`{% highlight ruby %}`,
 * `{{ site.baseurl }}`, Jekyll and Eleventy), Hugo's shortcodes (`{{< figure src="…" >}}`),
 * WordPress's (`[caption]…[/caption]`) and kramdown's attribute lists (`{:target="_blank"}`,
 * Jekyll). Frontrow runs no template and Markdown reads none of them, so readers saw them as
 * written, Markdown read the code inside a `highlight` as prose (a `# comment` became a heading),
 * and `{{<figure …>}}` left an unclosed `<figure>` in the page. Found in the source outside code
 * and frontmatter, each named with the Markdown to write instead. Warnings: the page builds.
 * In MDX a brace starts an expression, so such a tag fails to compile: the MDX check's error on
 * its line names it the same way (`templateTagOnLine`).
 * The syntaxes are written out by hand: knowledge of other engines, not a grammar to parse.
 */

/** What a tag is and what to write instead, said for a `.md` post (`asText`) or an `.mdx` one (`asMdx`). */
interface Said {
  /** "a Liquid tag (Jekyll, Eleventy)". */
  kind: string;
  /** What a `.md` post shows instead of it. */
  shown?: string;
  /** What else it spoils in a `.md` post. */
  consequence?: string;
  fix: string;
}

interface Syntax {
  pattern: RegExp;
  /** What it is; undefined for a part the opening tag's warning names (`{% endraw %}`). */
  said(match: RegExpExecArray): Said | undefined;
}

const asText = (written: string, { kind, shown = AS_WRITTEN, consequence, fix }: Said) =>
  `${written} is ${kind}: ${shown}${consequence ? `, and ${consequence}` : ''}: ${fix}`;
const asMdx = (written: string, { kind, fix }: Said) => `MDX cannot read ${written}, ${kind} that Frontrow does not run: ${fix}`;

const SYNTAXES: Syntax[] = [
  {
    pattern: /\{\{([<%])\s*(\/?)\s*([\w.-]+)((?:[^}\n]|\}(?!\}))*?)\s*[>%]\}\}/g,
    said: ([, , closing, name, args]) => (closing ? undefined : hugoShortcode(name!, args!.trim())),
  },
  // Not the `{% … %}` inside Hugo's `{{% … %}}`.
  { pattern: /(?<!\{)\{%-?\s*(\w+)((?:[^%\n]|%(?!\}))*?)-?%\}/g, said: ([, name, args]) => liquidTag(name!, args!.trim()) },
  { pattern: /\{\{-?((?:[^{}<%\n]|\}(?!\}))+?)-?\}\}/g, said: ([, expression]) => liquidOutput(expression!.trim()) },
  // Not a link or a reference that happens to say "video": `[video](…)`, `[video][1]`.
  {
    pattern: /\[(\/?)(caption|gallery|embed|audio|video|playlist)\b([^\]\n]*)\](?![([:])/g,
    said: ([, closing, name]) => (closing ? undefined : wordpressShortcode(name!)),
  },
  {
    pattern: /\{:(?!:)[^}\n]*\}/g,
    said: () => ({ kind: 'a kramdown attribute list (Jekyll)', shown: 'Markdown here reads none, so readers see it as written', fix: 'remove it' }),
  },
];
const WRITTEN = /\{[{%:]|\[(?:caption|gallery|embed|audio|video|playlist)\b/;
/** Where a tag is the writer's text, not one: code, frontmatter, an HTML comment. */
const LITERAL = new Set(['code', 'inlineCode', 'yaml', 'toml']);
/** Liquid block tags' other parts: the opening tag's warning names the block. */
const CLOSING = /^(?:end\w*|else|elsif|when)$/;
const AS_WRITTEN = 'Frontrow runs no templates, so readers see it as written';
const NO_EMBEDS = 'the site embeds nothing from other sites';
const PROSE = 'Markdown reads the code after it as prose';
/** A tag's first argument, unquoted: `ruby` of `{% highlight ruby %}`. */
const firstArgument = (args: string) => args.split(/\s+/)[0]?.replace(/^["']|["']$/g, '') ?? '';
const fenced = (language: string) => `write the code as a fenced block, opened by \`\`\`${language} and closed by \`\`\``;

export function templateTags(source: string, file: string): LineProblem[] {
  if (sourceKindOf(file) !== 'md' || !WRITTEN.test(source)) return [];
  const literal: [number, number][] = [];
  walk(source, file, (node) => {
    const { start, end } = node.position ?? {};
    const skipped = LITERAL.has(node.type) || (node.type === 'html' && node.value.startsWith('<!--'));
    if (skipped && start?.offset !== undefined && end?.offset !== undefined) literal.push([start.offset, end.offset]);
  });
  const found: { index: number; message: string }[] = [];
  for (const { pattern, said } of SYNTAXES) {
    for (const match of source.matchAll(pattern)) {
      if (literal.some(([start, end]) => match.index >= start && match.index < end)) continue;
      const what = said(match);
      if (what) found.push({ index: match.index, message: asText(match[0], what) });
    }
  }
  return found.sort((a, b) => a.index - b.index).map(({ index, message }) => ({ line: lineAt(1, source, index), message }));
}

/** The first template tag on a line of an `.mdx` post that MDX could not read, named with its fix; undefined when there is none. */
export function templateTagOnLine(line: string): string | undefined {
  const found = SYNTAXES.flatMap(({ pattern, said }) =>
    [...line.matchAll(pattern)].flatMap((match) => {
      const what = said(match);
      return what ? [{ index: match.index, message: asMdx(match[0], what) }] : [];
    }),
  );
  return found.sort((a, b) => a.index - b.index)[0]?.message;
}

function liquidTag(name: string, args: string): Said | undefined {
  if (CLOSING.test(name)) return undefined;
  const kind = 'a Liquid tag (Jekyll, Eleventy)';
  const first = firstArgument(args);
  switch (name) {
    case 'highlight':
      return { kind, consequence: PROSE, fix: fenced(first) };
    case 'raw':
      return { kind, fix: 'remove it and its {% endraw %}, as what is between them is shown as written here anyway' };
    case 'post_url':
      return { kind, fix: `link to the post's file instead, as [its title](./${first}.md), which the build turns into the post's address` };
    case 'link':
      return { kind, fix: `link to the file instead, by its path from this post, as [its title](./${first.split('/').pop()})` };
    case 'include':
      return { kind, fix: 'Frontrow has no includes, so write what it showed here' };
    case 'comment':
      return { kind, fix: 'write the comment as <!-- … -->, which readers do not see' };
    default:
      return { kind, fix: 'write what it showed in Markdown, or remove it' };
  }
}

function liquidOutput(expression: string): Said {
  const kind = 'a Liquid variable (Jekyll, Eleventy)';
  // `{{ "/about/" | relative_url }}`, `{{ site.baseurl }}/about/`: a root-relative address is one.
  const path = /^["']([^"']*)["']\s*\|\s*(?:relative_url|absolute_url)$/.exec(expression)?.[1];
  if (path !== undefined) return { kind, fix: `write ${path}, as the build adds the site's base path to a link that starts with /` };
  if (/^site\.(?:baseurl|url)$/.test(expression)) return { kind, fix: "remove it, as the build adds the site's base path to a link that starts with /" };
  return { kind, fix: 'write its value instead' };
}

function hugoShortcode(name: string, args: string): Said {
  const kind = 'a Hugo shortcode';
  const named = (key: string) =>
    new RegExp(`\\b${key}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|(\\S+))`)
      .exec(args)
      ?.slice(1)
      .find((v) => v !== undefined);
  const first = named('id') ?? firstArgument(args);
  switch (name) {
    case 'figure':
      return { kind, fix: `write the picture as ![${named('alt') ?? named('caption') ?? 'what it shows'}](${named('src') ?? 'its path'})` };
    case 'highlight':
      return { kind, consequence: PROSE, fix: fenced(first) };
    case 'ref':
    case 'relref':
      return { kind, fix: `link to the file instead, by its path from this post, as [its title](./${first.split('/').pop()})` };
    case 'youtube':
      return { kind, consequence: NO_EMBEDS, fix: `link to the video instead, as [its title](https://www.youtube.com/watch?v=${first})` };
    case 'vimeo':
      return { kind, consequence: NO_EMBEDS, fix: `link to the video instead, as [its title](https://vimeo.com/${first})` };
    case 'tweet':
    case 'x':
    case 'instagram':
    case 'gist':
      return { kind, consequence: NO_EMBEDS, fix: 'link to it instead' };
    default:
      return { kind, fix: 'write what it showed in Markdown, or remove it' };
  }
}

function wordpressShortcode(name: string): Said {
  const kind = 'a WordPress shortcode';
  if (name === 'caption') return { kind, fix: 'write the picture as ![what it shows](its path), and the caption as the text after it' };
  if (name === 'gallery') return { kind, fix: 'write each picture as ![what it shows](its path)' };
  return { kind, consequence: NO_EMBEDS, fix: 'link to it instead' };
}
