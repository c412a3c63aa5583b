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
 * Only `.md`: in MDX a brace starts an expression, so such a tag fails the build with its line already.
 * The syntaxes are written out by hand: knowledge of other engines, not a grammar to parse.
 */

interface Syntax {
  pattern: RegExp;
  /** What to write instead; undefined for a part the opening tag's warning names (`{% endraw %}`). */
  message(match: RegExpExecArray): string | undefined;
}

const SYNTAXES: Syntax[] = [
  {
    pattern: /\{\{([<%])\s*(\/?)\s*([\w.-]+)((?:[^}\n]|\}(?!\}))*?)\s*[>%]\}\}/g,
    message: ([written, , closing, name, args]) => (closing ? undefined : hugoShortcode(written, name!, args!.trim())),
  },
  // Not the `{% … %}` inside Hugo's `{{% … %}}`.
  { pattern: /(?<!\{)\{%-?\s*(\w+)((?:[^%\n]|%(?!\}))*?)-?%\}/g, message: ([written, name, args]) => liquidTag(written, name!, args!.trim()) },
  { pattern: /\{\{-?((?:[^{}<%\n]|\}(?!\}))+?)-?\}\}/g, message: ([written, expression]) => liquidOutput(written, expression!.trim()) },
  // Not a link or a reference that happens to say "video": `[video](…)`, `[video][1]`.
  {
    pattern: /\[(\/?)(caption|gallery|embed|audio|video|playlist)\b([^\]\n]*)\](?![([:])/g,
    message: ([written, closing, name]) => (closing ? undefined : wordpressShortcode(written, name!)),
  },
  {
    pattern: /\{:(?!:)[^}\n]*\}/g,
    message: ([written]) => `${written} is a kramdown attribute list (Jekyll): Markdown here reads none, so readers see it as written: remove it`,
  },
];
const WRITTEN = /\{[{%:]|\[(?:caption|gallery|embed|audio|video|playlist)\b/;
/** Where a tag is the writer's text, not one: code, frontmatter, an HTML comment. */
const LITERAL = new Set(['code', 'inlineCode', 'yaml', 'toml']);
/** Liquid block tags' other parts: the opening tag's warning names the block. */
const CLOSING = /^(?:end\w*|else|elsif|when)$/;
const AS_WRITTEN = 'Frontrow runs no templates, so readers see it as written';
const NO_EMBEDS = 'the site embeds nothing from other sites';

export function templateTags(source: string, file: string): LineProblem[] {
  if (sourceKindOf(file) !== 'md' || !WRITTEN.test(source)) return [];
  const literal: [number, number][] = [];
  walk(source, file, (node) => {
    const { start, end } = node.position ?? {};
    const skipped = LITERAL.has(node.type) || (node.type === 'html' && node.value.startsWith('<!--'));
    if (skipped && start?.offset !== undefined && end?.offset !== undefined) literal.push([start.offset, end.offset]);
  });
  const found: { index: number; message: string }[] = [];
  for (const { pattern, message } of SYNTAXES) {
    for (const match of source.matchAll(pattern)) {
      if (literal.some(([start, end]) => match.index >= start && match.index < end)) continue;
      const said = message(match);
      if (said) found.push({ index: match.index, message: said });
    }
  }
  return found.sort((a, b) => a.index - b.index).map(({ index, message }) => ({ line: lineAt(1, source, index), message }));
}

function liquidTag(written: string, name: string, args: string): string | undefined {
  if (CLOSING.test(name)) return undefined;
  const tag = `${written} is a Liquid tag (Jekyll, Eleventy): ${AS_WRITTEN}`;
  const first = args.split(/\s+/)[0]?.replace(/^["']|["']$/g, '') ?? '';
  switch (name) {
    case 'highlight':
      return `${tag}, and Markdown reads the code after it as prose: write the code as a fenced block, opened by \`\`\`${first} and closed by \`\`\``;
    case 'raw':
      return `${tag}: remove it and its {% endraw %}, as what is between them is shown as written here anyway`;
    case 'post_url':
      return `${tag}: link to the post's file instead, as [its title](./${first}.md), which the build turns into the post's address`;
    case 'link':
      return `${tag}: link to the file instead, by its path from this post, as [its title](./${first.split('/').pop()})`;
    case 'include':
      return `${tag}: Frontrow has no includes, so write what it showed here`;
    case 'comment':
      return `${tag}: write the comment as <!-- … -->, which readers do not see`;
    default:
      return `${tag}: write what it showed in Markdown, or remove it`;
  }
}

function liquidOutput(written: string, expression: string): string {
  const value = `${written} is a Liquid variable (Jekyll, Eleventy): ${AS_WRITTEN}`;
  // `{{ "/about/" | relative_url }}`, `{{ site.baseurl }}/about/`: a root-relative address is one.
  const path = /^["']([^"']*)["']\s*\|\s*(?:relative_url|absolute_url)$/.exec(expression)?.[1];
  if (path !== undefined) return `${value}: write ${path}, as the build adds the site's base path to a link that starts with /`;
  if (/^site\.(?:baseurl|url)$/.test(expression)) return `${value}: remove it, as the build adds the site's base path to a link that starts with /`;
  return `${value}: write its value instead`;
}

function hugoShortcode(written: string, name: string, args: string): string {
  const shortcode = `${written} is a Hugo shortcode: ${AS_WRITTEN}`;
  const named = (key: string) =>
    new RegExp(`\\b${key}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|(\\S+))`)
      .exec(args)
      ?.slice(1)
      .find((v) => v !== undefined);
  const first = named('id') ?? args.split(/\s+/)[0]?.replace(/^["']|["']$/g, '') ?? '';
  switch (name) {
    case 'figure':
      return `${shortcode}: write the picture as ![${named('alt') ?? named('caption') ?? 'what it shows'}](${named('src') ?? 'its path'})`;
    case 'highlight':
      return `${shortcode}, and Markdown reads the code after it as prose: write the code as a fenced block, opened by \`\`\`${first} and closed by \`\`\``;
    case 'ref':
    case 'relref':
      return `${shortcode}: link to the file instead, by its path from this post, as [its title](./${first.split('/').pop()})`;
    case 'youtube':
      return `${shortcode}, and ${NO_EMBEDS}: link to the video instead, as [its title](https://www.youtube.com/watch?v=${first})`;
    case 'vimeo':
      return `${shortcode}, and ${NO_EMBEDS}: link to the video instead, as [its title](https://vimeo.com/${first})`;
    case 'tweet':
    case 'x':
    case 'instagram':
    case 'gist':
      return `${shortcode}, and ${NO_EMBEDS}: link to it instead`;
    default:
      return `${shortcode}: write what it showed in Markdown, or remove it`;
  }
}

function wordpressShortcode(written: string, name: string): string {
  const shortcode = `${written} is a WordPress shortcode: ${AS_WRITTEN}`;
  if (name === 'caption') return `${shortcode}: write the picture as ![what it shows](its path), and the caption as the text after it`;
  if (name === 'gallery') return `${shortcode}: write each picture as ![what it shows](its path)`;
  return `${shortcode}, and ${NO_EMBEDS}: link to it instead`;
}
