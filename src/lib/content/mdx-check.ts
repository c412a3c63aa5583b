import { existsSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImportType, initSync, parse as parseModule } from 'es-module-lexer';
import { mdxToMdast, type MdastNode } from 'satteri';
import { eachNode, lineAt } from '../markdown/walk.ts';
import { isMdxProseError, MDX_PROSE_HINT } from './mdx-hint.ts';
import type { LineProblem } from './validate.ts';

/**
 * What an `.mdx` text says about its own build, read once per text (the frontmatter cache keeps
 * it: parsing costs about 0.2 ms a post). Facts only, plain data: the words are `mdxProblems`'s.
 */
export interface MdxReading {
  /** Text MDX cannot read (the parser's reason; `prose`: a `{` or `<` meant as text); nothing else is read then. */
  unreadable?: { line: number; reason: string; prose: boolean };
  /** Components used and never imported, each where first used. */
  undefinedComponents: { name: string; line: number }[];
  /** `{draft}` in prose: a name in braces that nothing defines, each where first used. */
  undefinedNames: { expression: string; name: string; line: number }[];
  /** Static imports with their lines; `braces`: the first name of an `.astro` component imported in braces. */
  imports: { specifier: string; line: number; braces?: string }[];
}

type EsmNode = Extract<MdastNode, { type: 'mdxjsEsm' }>;
type JsxNode = Extract<MdastNode, { type: 'mdxJsxFlowElement' | 'mdxJsxTextElement' }>;

/** Where `@/` points: the engine's `src/` (tsconfig.json's one alias), wherever the build runs from. */
const ENGINE_SRC = fileURLToPath(new URL('../../', import.meta.url));

/** What an import may leave out of a file's name: Vite's list, and Astro's and MDX's own files. */
const IMPORT_EXTENSIONS = ['.astro', '.mdx', '.md', '.ts', '.tsx', '.mts', '.js', '.jsx', '.mjs', '.json', '.svelte', '.vue'];

/**
 * What fails an `.mdx` post's build that Astro's content loader lets through: text the MDX parser
 * cannot read (a `{` or `<` in prose), a component used and never imported or a name in braces
 * that nothing defines (the page fails to render), an import of a file that is not there or of
 * an `.astro` component in braces (the bundle fails). `reading` is `readMdx(source)`; whether an imported file is there is asked anew.
 *
 * Only what is sure is said: a name that appears anywhere in the file's imports and exports counts
 * as defined, an expression other than a bare name may define what it uses, and a package counts
 * as installed when a `node_modules` folder above the engine or the post holds it.
 */
export function mdxProblems(reading: MdxReading, file: string, srcDir = ENGINE_SRC): LineProblem[] {
  if (reading.unreadable) {
    const { line, reason, prose } = reading.unreadable;
    return [{ line, message: `MDX cannot read this: ${reason}${/[.)]$/.test(reason) ? '' : '.'}${prose ? ` ${MDX_PROSE_HINT}` : ''}` }];
  }
  const problems: LineProblem[] = [];
  for (const { specifier, line, braces } of reading.imports) {
    const target = projectFile(specifier.split('?')[0]!, file, srcDir);
    const missingPackage = target === undefined ? uninstalledPackage(specifier, file, srcDir) : undefined;
    if (target !== undefined && !exists(target)) {
      problems.push({ line, message: `${specifier} is not there: fix the path (from the post's folder, or @/ for src/), or remove the import` });
    } else if (missingPackage) {
      problems.push({ line, message: `${specifier} is a package that is not installed: run npm install ${missingPackage}, or remove the import` });
    } else if (braces) {
      problems.push({ line, message: `an .astro component is imported without braces: write import ${braces} from '${specifier}';` });
    }
  }
  for (const { expression, name, line } of reading.undefinedNames) {
    problems.push({
      line,
      message: `{${expression}} is read as JavaScript, and ${name} is defined nowhere, so the page cannot be built: write \\{${expression}\\} to show the braces as text`,
    });
  }
  for (const { name, line } of reading.undefinedComponents) {
    const root = name.split('.')[0]!;
    problems.push({
      line,
      message: `<${name}> is used but ${root} is never imported: add a line such as import ${root} from '@/components/${root}.astro'; below the frontmatter, or remove it`,
    });
  }
  return problems.sort((a, b) => a.line - b.line);
}

/** The text read with the parser Astro builds with (Sätteri), so the check and the build agree on what is MDX. */
export function readMdx(source: string): MdxReading {
  let tree: MdastNode;
  try {
    tree = mdxToMdast(source);
  } catch (error) {
    return { unreadable: unreadable((error as Error).message), undefinedComponents: [], undefinedNames: [], imports: [] };
  }
  const esm: EsmNode[] = [];
  const elements: JsxNode[] = [];
  const expressions: { value: string; line: number }[] = [];
  eachNode(tree, (node) => {
    if (node.type === 'mdxjsEsm') esm.push(node);
    else if (node.type === 'mdxFlowExpression' || node.type === 'mdxTextExpression')
      expressions.push({ value: node.value, line: node.position?.start.line ?? 1 });
    else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      if (node.name) elements.push(node);
      for (const attribute of node.attributes) {
        if (attribute.type === 'mdxJsxAttribute' && typeof attribute.value === 'object' && attribute.value) {
          expressions.push({ value: attribute.value.value, line: node.position?.start.line ?? 1 });
        }
      }
    }
  });
  const defined = definedNames(esm);
  return { undefinedComponents: undefinedComponents(elements, defined), undefinedNames: undefinedNames(expressions, defined), imports: staticImports(esm) };
}

/**
 * What a file's code may name: every word of its imports and exports (sure to include what they
 * define), what Astro's MDX gives every file, and JavaScript's globals.
 */
function definedNames(esm: readonly EsmNode[]): (name: string) => boolean {
  const words = new Set(esm.flatMap((node) => node.value.match(/[\p{L}\p{N}_$]+/gu) ?? []));
  // Astro's MDX module defines `url`, `file`, `frontmatter`, `Content` and `getHeadings` beside the content.
  for (const given of ['Fragment', 'frontmatter', 'url', 'file', 'Content', 'getHeadings', 'props', 'true', 'false', 'null', 'this', 'undefined'])
    words.add(given);
  return (name) => words.has(name) || name in globalThis;
}

/**
 * `{draft}` or `{site.name}` in prose: a name alone in braces that nothing defines fails the page
 * when it renders ("draft is not defined"). Only a bare name or a chain of them is judged; any
 * other expression may define what it uses.
 */
function undefinedNames(expressions: readonly { value: string; line: number }[], defined: (name: string) => boolean): MdxReading['undefinedNames'] {
  const found = new Map<string, MdxReading['undefinedNames'][number]>();
  for (const { value, line } of expressions) {
    const expression = value.trim();
    if (!/^[\p{L}_$][\p{L}\p{N}_$]*(?:\s*\.\s*[\p{L}_$][\p{L}\p{N}_$]*)*$/u.test(expression)) continue;
    const name = expression.split('.')[0]!.trim();
    if (!defined(name) && !found.has(expression)) found.set(expression, { expression, name, line });
  }
  return [...found.values()];
}

/** "12:15: Could not parse expression… (mdx-jsx:unexpected-character)": the line and the reason. */
function unreadable(message: string): NonNullable<MdxReading['unreadable']> {
  const [, line, reason] = /^(\d+):\d+:\s*(.*?)(?:\s*\([\w-]+:[\w-]+\))?$/s.exec(message) ?? [];
  return { line: Number(line ?? 1), reason: (reason ?? message).trim(), prose: isMdxProseError(message) };
}

/** `<Chart />` with no `import Chart …`: MDX renders it as a missing component and the page fails. */
function undefinedComponents(elements: readonly JsxNode[], defined: (name: string) => boolean): MdxReading['undefinedComponents'] {
  const found = new Map<string, { name: string; line: number }>();
  for (const node of elements) {
    const name = String(node.name);
    const root = name.split('.')[0]!;
    // A lowercase name without a dot is an HTML element (`<div>`, `<my-widget>`).
    if (!(name.includes('.') || /^[\p{Lu}_$]/u.test(root)) || defined(root) || found.has(root)) continue;
    found.set(root, { name, line: node.position?.start.line ?? 1 });
  }
  return [...found.values()];
}

/** `import … from '…'` lines, read by es-module-lexer (comments and strings are not imports). */
function staticImports(esm: readonly EsmNode[]): MdxReading['imports'] {
  initSync();
  const found: MdxReading['imports'] = [];
  for (const node of esm) {
    const code = node.value;
    let imports: ReturnType<typeof parseModule>[0];
    try {
      [imports] = parseModule(code);
    } catch {
      continue; // The build says what is wrong with it.
    }
    for (const { n: specifier, t, ss, se } of imports) {
      if (t !== ImportType.Static || !specifier) continue;
      const line = lineAt(node.position?.start.line ?? 1, code, ss);
      const statement = code.slice(ss, se);
      // `import { Callout } from '…/Callout.astro'`: the bundle fails, as the name is not exported.
      const braces = specifier.endsWith('.astro') && /^import\s+(?:[\p{L}\p{N}_$]+\s*,\s*)?\{\s*([\p{L}\p{N}_$]+)/u.exec(statement)?.[1];
      found.push({ specifier, line, ...(braces ? { braces } : {}) });
    }
  }
  return found;
}

function projectFile(specifier: string, file: string, srcDir: string): string | undefined {
  if (specifier.startsWith('./') || specifier.startsWith('../')) return path.resolve(path.dirname(file), specifier);
  if (specifier.startsWith('@/')) return path.join(srcDir, specifier.slice(2));
  return undefined;
}

/**
 * The package a bare import names (`chart-lib`, `@scope/lib/part` → `@scope/lib`) when no
 * `node_modules` folder above the engine or the post holds it, as Node and Vite look for it.
 * Node's own modules and Astro's and Vite's virtual ones are always there.
 */
function uninstalledPackage(specifier: string, file: string, srcDir: string): string | undefined {
  if (specifier.startsWith('/') || isBuiltin(specifier) || /^[a-z][\w+.-]*:/i.test(specifier)) return undefined;
  const name = specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
  const installed = [srcDir, path.dirname(file)].some((from) => {
    for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, 'node_modules', name, 'package.json'))) return true;
      if (path.dirname(dir) === dir) return false;
    }
  });
  return installed ? undefined : name;
}

/** As Vite finds it: the file, the file with an extension left out, or a folder (its index or package). */
const exists = (target: string) => existsSync(target) || IMPORT_EXTENSIONS.some((ext) => existsSync(target + ext));
