import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/**
 * The command line every Frontrow CLI reads the same way: `node:util` parseArgs with positionals
 * and `--help`/`-h`. `--help` prints the usage (exit 0); an unknown or malformed option prints
 * the problem and the usage (exit 2, bad usage). Otherwise the parsed values and positionals.
 */
export function parseCommandLine<const Options extends ParseArgsOptionsConfig>(options: Options, usage: string, args: string[] = process.argv.slice(2)) {
  try {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { ...options, help: { type: 'boolean', short: 'h' } } as Options & { help: { type: 'boolean'; short: 'h' } },
    });
    if ((parsed.values as { help?: boolean }).help) {
      console.log(usage);
      return { exit: 0 } as const;
    }
    return { ...parsed, exit: undefined };
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return { exit: 2 } as const;
  }
}
