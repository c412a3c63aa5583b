/**
 * A small YAML-frontmatter reader for the handful of keys a post uses (strings, dates,
 * booleans, numbers, inline or block lists, block scalars). Nested maps are skipped. It fails
 * loudly, with a line number, on anything it cannot read, because a silently mis-read `draft:`
 * would put a draft into the archive.
 */

export class FrontmatterError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(`${message} (frontmatter line ${line})`);
    this.name = 'FrontmatterError';
    this.line = line;
  }
}

export interface Frontmatter {
  data: Record<string, unknown>;
  /** Offset of the first character after the closing `---` line (0 when there is none). */
  bodyStart: number;
}

const OPEN = /^\uFEFF?---[^\S\n]*\r?\n/;

export function parseFrontmatter(source: string): Frontmatter {
  const open = OPEN.exec(source);
  if (!open) return { data: {}, bodyStart: 0 };
  const close = /^(?:---|\.\.\.)[^\S\n]*$/m;
  const rest = source.slice(open[0].length);
  const closeMatch = close.exec(rest);
  if (!closeMatch) throw new FrontmatterError('frontmatter is opened with --- but never closed', 1);
  const yaml = rest.slice(0, closeMatch.index);
  let bodyStart = open[0].length + closeMatch.index + closeMatch[0].length;
  if (source[bodyStart] === '\r') bodyStart++;
  if (source[bodyStart] === '\n') bodyStart++;
  return { data: parseYamlMap(yaml), bodyStart };
}

function parseYamlMap(yaml: string): Record<string, unknown> {
  const lines = yaml.split(/\r?\n/);
  const data: Record<string, unknown> = {};
  let i = 0;
  const lineNo = (index: number) => index + 2; // +1 for 1-based, +1 for the opening ---
  while (i < lines.length) {
    const line = lines[i]!;
    if (/^\s*(#.*)?$/.test(line)) {
      i++;
      continue;
    }
    if (/^\s/.test(line)) throw new FrontmatterError(`unexpected indentation: "${line.trim()}"`, lineNo(i));
    const keyMatch = /^([A-Za-z_][\w-]*)[^\S\n]*:(?:[^\S\n]+(.*))?$/.exec(line);
    if (!keyMatch) throw new FrontmatterError(`expected "key: value", found "${line.trim()}"`, lineNo(i));
    const key = keyMatch[1]!;
    const raw = (keyMatch[2] ?? '').trim();
    i++;
    // Collect the indented block under the key (list items, block scalar, nested map).
    const block: string[] = [];
    while (i < lines.length && (/^\s+\S/.test(lines[i]!) || /^-(\s|$)/.test(lines[i]!) || /^\s*$/.test(lines[i]!))) {
      if (/^\s*$/.test(lines[i]!) && !/^[|>]/.test(raw)) {
        // A blank line ends a block unless more indented lines follow.
        const nextNonBlank = lines.slice(i).find((l) => !/^\s*$/.test(l));
        if (nextNonBlank === undefined || !/^(\s+\S|-(\s|$))/.test(nextNonBlank)) break;
      }
      block.push(lines[i]!);
      i++;
    }
    if (key in data) throw new FrontmatterError(`duplicate key "${key}"`, lineNo(i - block.length - 1));
    data[key] = parseValue(raw, block, lineNo(i - block.length - 1));
  }
  return data;
}

function parseValue(raw: string, block: string[], line: number): unknown {
  if (/^[|>][+-]?$/.test(raw)) {
    const indent = Math.min(...block.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)![0].length));
    const text = block.map((l) => l.slice(indent));
    return raw.startsWith('|') ? text.join('\n').trim() : text.join(' ').replace(/\s+/g, ' ').trim();
  }
  if (raw === '') {
    const items = block.filter((l) => l.trim() && !/^\s*#/.test(l));
    if (items.length === 0) return null;
    if (items.every((l) => /^\s*-(\s|$)/.test(l))) {
      return items.map((l) => parseScalar(l.replace(/^\s*-\s*/, ''), line));
    }
    return {}; // a nested map: not used by the engine
  }
  if (block.some((l) => l.trim())) {
    // A plain scalar continued on indented lines.
    return parseScalar([raw, ...block.map((l) => l.trim())].join(' '), line);
  }
  return parseScalar(raw, line);
}

function parseScalar(raw: string, line: number): unknown {
  const value = raw.trim();
  if (value.startsWith('"')) {
    const m = /^"((?:[^"\\]|\\.)*)"\s*(#.*)?$/.exec(value);
    if (!m) throw new FrontmatterError(`unterminated double-quoted string: ${value}`, line);
    return m[1]!.replace(/\\(["\\/nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
  }
  if (value.startsWith("'")) {
    const m = /^'((?:[^']|'')*)'\s*(#.*)?$/.exec(value);
    if (!m) throw new FrontmatterError(`unterminated single-quoted string: ${value}`, line);
    return m[1]!.replace(/''/g, "'");
  }
  if (value.startsWith('[')) {
    if (!value.endsWith(']')) throw new FrontmatterError(`unterminated list: ${value}`, line);
    const inner = value.slice(1, -1).trim();
    if (!inner) return [];
    const items = inner.match(/"(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^,]+/g) ?? [];
    return items.map((item) => parseScalar(item, line));
  }
  if (value.startsWith('{')) return {};
  const plain = value.replace(/\s+#.*$/, '');
  if (/^(true|yes|on)$/i.test(plain)) return true;
  if (/^(false|no|off)$/i.test(plain)) return false;
  if (/^(null|~)?$/.test(plain)) return null;
  if (/^[-+]?\d+(\.\d+)?$/.test(plain)) return Number(plain);
  return plain;
}
