// @ts-check
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

/**
 * Mutants that cannot change behaviour (equivalent mutants), ignored by `npm run
 * test:mutation` so the score measures the tests. Each entry says why; nothing else is ignored.
 * Matched by the code's shape, so they follow the code if it moves to another file.
 * @type {{ reason: string; matches: (path: import('@babel/core').NodePath) => boolean }[]}
 */
const EQUIVALENT = [
  {
    // isNonPublicHost: `new URL(url).hostname` writes an IPv6 host as "[...]", brackets at both
    // ends only, so either anchor of /^\[|\]$/g can go without any difference.
    reason: 'a WHATWG hostname has brackets only around an IPv6 address',
    matches: (path) => path.isRegExpLiteral() && path.node.pattern === '^\\[|\\]$',
  },
  {
    // isNonPublicHost: `catch { return undefined; }` and `catch {}` both return undefined.
    reason: 'an empty catch block also returns undefined',
    matches: (path) => path.isCatchClause() && isInFunction(path, 'isNonPublicHost'),
  },
  {
    // The system resolver: `verbatim` only orders the addresses, and every one is checked.
    reason: 'address order does not matter, every resolved address is checked',
    matches: (path) => path.isObjectProperty() && path.get('key').isIdentifier({ name: 'verbatim' }),
  },
  {
    // isNonPublicAddress: after `family === 4` returned, `if (family !== 6) return false` only
    // guards strings that are no IP at all; BlockList answers false for those anyway.
    reason: 'BlockList.check is false for a string that is no IP address',
    matches: (path) => path.isIfStatement() && isInFunction(path, 'isNonPublicAddress') && /family !== 6/.test(path.toString()),
  },
  {
    // isNonPublicAddress: BlockList.check(address, 'ipv6') and check(address, '') agree: with no
    // family it reads the family from the address, which isIP() already said is IPv6.
    reason: 'BlockList.check infers the family from the address',
    matches: (path) => path.isStringLiteral({ value: 'ipv6' }) && isInFunction(path, 'isNonPublicAddress') && path.parentPath.isCallExpression(),
  },
];

/** @param {import('@babel/core').NodePath} path @param {string} name */
function isInFunction(path, name) {
  const fn = path.getFunctionParent();
  return Boolean(fn?.isFunctionDeclaration() && fn.node.id?.name === name);
}

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'equivalent-mutants', {
    /** @param {import('@babel/core').NodePath} path */
    shouldIgnore(path) {
      return EQUIVALENT.find((e) => e.matches(path))?.reason;
    },
  }),
];
