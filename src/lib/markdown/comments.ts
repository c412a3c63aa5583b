// Only satteri's types: prose.ts takes the pattern without loading the Markdown parser.
import type { MdastNode, MdastPluginDefinition, MdastVisitorContext } from 'satteri';

/** What opens and closes an Obsidian comment: `%%a note to self%%`, in a line or over lines. */
export const COMMENT_MARK = '%%';
/** A comment in a text, or one left open, which runs to the end as in Obsidian. */
export const COMMENTS = /%%[\s\S]*?(?:%%|(?![\s\S]))/g;

/** Inline nodes of nothing but words and other inline nodes: a comment may open or close inside them. */
const WORDS_ONLY = new Set(['emphasis', 'strong', 'delete']);
/** Blocks a comment may open or close inside, which hold other blocks. */
const CONTAINERS = new Set(['root', 'blockquote', 'list', 'listItem']);

/**
 * Obsidian's comments (`%%a note to self%%`), which its reading view never shows: the site leaves
 * them out too, with everything between the marks, over lines and blocks, and to the end of the
 * post when one is left open (the check names that). Markdown showed them to readers as written.
 * Code keeps its `%%`, except inside a comment.
 */
export function commentsPlugin(): MdastPluginDefinition {
  return {
    name: 'frontrow-obsidian-comments',
    before(root, ctx) {
      if (holdsMark(root)) new CommentCutter(ctx).blocks(root);
    },
  };
}

/** Walks a document in order, the marks read as they come: what lies between them goes. */
class CommentCutter {
  private open = false;
  private readonly ctx: MdastVisitorContext;
  constructor(ctx: MdastVisitorContext) {
    this.ctx = ctx;
  }

  blocks(parent: MdastNode): void {
    if (!('children' in parent)) return;
    for (const block of [...(parent.children as MdastNode[])]) {
      if (block.type === 'paragraph' || block.type === 'heading') {
        if (!this.open && !holdsMark(block)) continue;
        const kept = trimmed(this.inline(block.children));
        if (!kept.some(visible)) this.ctx.removeNode(block);
        else
          this.ctx.replaceNode(
            block,
            block.type === 'heading' ? { type: 'heading', depth: block.depth, children: kept } : { type: 'paragraph', children: kept },
          );
      } else if (CONTAINERS.has(block.type)) this.blocks(block);
      else if (this.open) this.ctx.removeNode(block);
    }
  }

  /** The inline nodes outside comments. */
  private inline(nodes: readonly MdastNode[]): MdastNode[] {
    const kept: MdastNode[] = [];
    for (const node of nodes) {
      if (node.type === 'text') {
        const pieces = node.value.split(COMMENT_MARK);
        for (const [i, piece] of pieces.entries()) {
          if (!this.open && piece) kept.push({ type: 'text', value: piece });
          if (i < pieces.length - 1) this.open = !this.open;
        }
      } else if (WORDS_ONLY.has(node.type) && 'children' in node && holdsMark(node)) {
        const inner = this.inline(node.children as MdastNode[]);
        if (inner.length > 0) kept.push({ type: node.type, children: inner } as MdastNode);
      } else if (!this.open) kept.push(node);
    }
    return kept;
  }
}

/** Whether a node's text holds a comment's mark. */
function holdsMark(node: MdastNode): boolean {
  if (node.type === 'text') return node.value.includes(COMMENT_MARK);
  return 'children' in node && (node.children as MdastNode[]).some(holdsMark);
}

/** The white space a comment left at either end goes (a heading's id is made of its words). */
function trimmed(nodes: MdastNode[]): MdastNode[] {
  const first = nodes[0];
  if (first?.type === 'text') nodes[0] = { type: 'text', value: first.value.trimStart() };
  const last = nodes.at(-1);
  if (last?.type === 'text') nodes[nodes.length - 1] = { type: 'text', value: last.value.trimEnd() };
  return nodes;
}

/** Something a reader would see: text other than white space, or any other inline node. */
const visible = (node: MdastNode) => node.type !== 'text' || /\S/.test(node.value);
