import { describe, expect, it } from 'vitest';
import { analyzeDocument } from '../../../src/lib/originality/document.ts';
import { parseFrontmatter, FrontmatterError } from '../../../src/lib/content/frontmatter.ts';
import { proseOf } from '../../../src/lib/markdown/prose.ts';
import { splitSentences, tokenize } from '../../../src/lib/originality/tokenize.ts';

const MDX = `---
title: "Daily notes: a front door"
pubDate: 2023-05-28
tags:
  - notes
  - daily
draft: false
---
import Callout from '../components/Callout.astro';
export const minutes = 4;

# The front door

Open the [daily note](https://example.com/daily) every morning, see https://example.org/x too.

<Callout type="tip" title="Template">
Keep the template tiny.
</Callout>

\`\`\`js
const secret = 'codeword';
\`\`\`

Run \`inlinecode\` and {props.expression} then write.

    indented codeblock here

## Second heading ##
`;

describe('proseOf (Markdown / MDX to prose with offsets)', () => {
  const { bodyStart } = parseFrontmatter(MDX);
  const prose = proseOf(MDX, 'mdx', bodyStart);
  const words = tokenize(prose.masked).map((t) => t.word);

  it('keeps the text length, so offsets are file offsets', () => {
    expect(prose.masked).toHaveLength(MDX.length);
    for (const token of tokenize(prose.masked)) {
      expect(MDX.slice(token.start, token.end).toLowerCase().replace(/’/g, "'")).toContain(token.word);
    }
  });

  it('strips frontmatter, import/export lines, JSX tags, code, expressions and URLs', () => {
    for (const gone of [
      'title',
      'pubdate',
      'callout',
      'import',
      'components',
      'minutes',
      'codeword',
      'secret',
      'inlinecode',
      'props',
      'expression',
      'example',
      'https',
      'tip',
      'indented',
      'codeblock',
    ]) {
      expect(words).not.toContain(gone);
    }
  });

  it('keeps prose, link text and the text inside components', () => {
    expect(words).toEqual(expect.arrayContaining(['open', 'daily', 'note', 'every', 'morning', 'keep', 'template', 'tiny', 'write']));
  });

  it('collects headings with their offsets', () => {
    expect(prose.headings.map((h) => [h.level, h.text])).toEqual([
      [1, 'The front door'],
      [2, 'Second heading'],
    ]);
    for (const h of prose.headings) expect(MDX.slice(h.start, h.end)).toBe(h.text);
  });

  it('in a .txt file only URLs are removed', () => {
    const text = 'Plain <b>text</b> with `ticks` and http://x.org/page here.';
    const words = tokenize(proseOf(text, 'txt', 0).masked).map((t) => t.word);
    expect(words).toEqual(['plain', 'b', 'text', 'b', 'with', 'ticks', 'and', 'here']);
  });
});

describe('parseFrontmatter', () => {
  it('reads strings, dates, booleans, inline and block lists', () => {
    const { data, bodyStart } = parseFrontmatter(MDX);
    expect(data).toMatchObject({ title: 'Daily notes: a front door', pubDate: '2023-05-28', tags: ['notes', 'daily'], draft: false });
    expect(MDX.slice(bodyStart).startsWith('import Callout')).toBe(true);
    expect(parseFrontmatter('---\ntags: [a, \'b c\', "d"]\ndescription: >\n  folded\n  text\n---\nx').data).toEqual({
      tags: ['a', 'b c', 'd'],
      description: 'folded text\n',
    });
  });

  it("reads a TOML block between +++ lines, as Hugo writes it, its dates as text, as YAML's are kept", () => {
    const source =
      '+++\ntitle = "From Hugo"\ndate = 2024-05-01\nlastmod = 2024-06-01T10:30:00+02:00\ntags = ["a", "b"]\ndraft = false\n[params]\nshown = 2024-05-02\n+++\nThe body.';
    const { data, bodyStart } = parseFrontmatter(source);
    expect(data).toEqual({
      title: 'From Hugo',
      date: '2024-05-01',
      lastmod: '2024-06-01T10:30:00.000+02:00',
      tags: ['a', 'b'],
      draft: false,
      params: { shown: '2024-05-02' },
    });
    expect(source.slice(bodyStart)).toBe('The body.');
    expect(() => parseFrontmatter('+++\ntitle = "x"\ntitle = "y"\n+++\n')).toThrow(/redefine .*\(frontmatter line 3\)/);
    expect(() => parseFrontmatter('+++\ntitle = "x"\n')).toThrow(/opened with \+\+\+ but never closed/);
    // A +++ block is closed by +++ only.
    expect(() => parseFrontmatter('+++\ntitle = "x"\n---\n')).toThrow(/never closed/);
  });

  it('returns no data for a file without frontmatter', () => {
    expect(parseFrontmatter('# Just a title\n')).toEqual({ data: {}, bodyStart: 0 });
  });

  it.each([
    ['---\ntitle: x\n', /never closed/],
    ['---\ntitle: "unterminated\n---\n', /Missing closing "quote \(frontmatter line \d\)/],
    ['---\njust some words\n---\n', /expected "key: value"/],
    ['---\ntitle: a\ntitle: b\n---\n', /Map keys must be unique \(frontmatter line 3\)/],
    // `yaml` alone would keep the text; Astro's MDX reader fails the build on it.
    ['---\ntitle: x\ndate: !day 2024-05-04\n---\n', /Unresolved tag: !day \(frontmatter line 3\)/],
    ['---\ntitle: x\ndraft: yes\n---\n', null],
  ])('rejects broken frontmatter %#', (source, message) => {
    if (message === null) {
      // YAML 1.2, as Astro reads it: `yes` is a word, so the engine rejects it as a draft flag.
      expect(parseFrontmatter(source).data['draft']).toBe('yes');
      expect(() => analyzeDocument('a.md', source)).toThrow(/draft/);
      return;
    }
    expect(() => parseFrontmatter(source)).toThrow(FrontmatterError);
    expect(() => parseFrontmatter(source)).toThrow(message);
  });

  it('rejects a draft flag or a date of the wrong type', () => {
    expect(() => analyzeDocument('a.md', '---\ntitle: x\ndraft: maybe\n---\nText')).toThrow(/draft/);
    expect(() => analyzeDocument('a.md', '---\ntitle: x\npubDate: last tuesday\n---\nText')).toThrow(/pubDate/);
  });
});

describe('tokenize and sentences', () => {
  it('lower-cases, keeps inner apostrophes, drops possessive s, stems and skips stop words', () => {
    const tokens = tokenize("The writer’s Habits don't change.");
    expect(tokens.map((t) => t.word)).toEqual(['the', 'writer', 'habits', "don't", 'change']);
    expect(tokens.map((t) => t.term)).toEqual([null, 'writer', 'habit', null, 'chang']);
  });

  it('splits sentences at . ! ? and paragraph breaks, not at abbreviations', () => {
    const text = 'First one, e.g. this. Second one!\n\nThird paragraph without a stop\n- a list item here';
    const sentences = splitSentences(text, tokenize(text)).map((s) => text.slice(s.start, s.end));
    expect(sentences).toEqual(['First one, e.g. this.', 'Second one!', 'Third paragraph without a stop', 'a list item here']);
  });

  it('uses the file name as title for a .txt file and the frontmatter title otherwise', () => {
    expect(analyzeDocument('dir/2021-03-14-my-old-post.txt', 'Body text.').meta.title).toBe('2021-03-14-my-old-post');
    expect(analyzeDocument('a.md', '---\ntitle: Hello\n---\nBody').meta.title).toBe('Hello');
    expect(analyzeDocument('a.md', '# From the heading\n\nBody').meta.title).toBe('From the heading');
  });
});

describe('one reading of a post: reading time and the originality check count the same words', () => {
  it('counts exactly the words the originality tokenizer reads, on every fixture post and draft', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { countWords, proseWordCount, sourceKindOf } = await import('../../../src/lib/markdown/prose.ts');
    const { frontmatterEnd } = await import('../../../src/lib/content/frontmatter.ts');
    const dirs = ['tests/fixtures/originality/posts', 'tests/fixtures/originality/verdicts'];
    const files = dirs.flatMap((d) =>
      readdirSync(d)
        .filter((f) => /\.mdx?$/.test(f))
        .map((f) => join(d, f)),
    );
    expect(files.length).toBeGreaterThan(30);
    for (const file of files) {
      const source = readFileSync(file, 'utf8');
      const doc = analyzeDocument(file, source);
      expect(frontmatterEnd(source), file).toBe(parseFrontmatter(source).bodyStart);
      expect(countWords(proseOf(source, sourceKindOf(file), frontmatterEnd(source)).masked), file).toBe(doc.words);
      expect(proseWordCount(source, sourceKindOf(file)), file).toBe(doc.words);
    }
  });

  it('reads a letter beyond the Basic Multilingual Plane as a letter, as the word count does', async () => {
    const { countWords } = await import('../../../src/lib/markdown/prose.ts');
    const texts = ['𠀀𠀁 hello', '𝐀𝐁𝐂 bold', 'word’𝐀 after', '𝐀 ’ 𝐁', 'a ’', 'emoji 🎉 party', 'naïve café', 'e\u0301 combining'];
    for (const text of texts) expect(tokenize(text).length, text).toBe(countWords(text));
    expect(tokenize('𠀀𠀁 hello').map((t) => t.word)).toEqual(['𠀀𠀁', 'hello']);
    expect(tokenize('word’𝐀 after').map((t) => t.word)).toEqual(["word'𝐀", 'after']);
  });

  it('leaves out frontmatter, imports, code, link targets and URLs; keeps inner apostrophes', async () => {
    const { proseWordCount } = await import('../../../src/lib/markdown/prose.ts');
    const md =
      "---\ntitle: x\n---\nimport A from './a';\n\nOne two three.\n\n```js\nconst not = counted;\n```\n\nSee [four](https://x.example/a-b-c) https://y.example/z\n";
    expect(proseWordCount(md)).toBe(5);
    expect(proseWordCount("Don't count the writer’s apostrophe twice.")).toBe(6);
    // An unclosed block is not frontmatter: its words count.
    expect(proseWordCount('---\ntitle: never closed\nOne two.')).toBe(5);
  });
});
