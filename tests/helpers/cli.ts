import { execFile } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { format, promisify } from 'node:util';
import { vi } from 'vitest';
import { repoRoot } from './astro.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

let runs = 0;

/**
 * Run a script of scripts/ in this process, as `node scripts/<name>.ts ...args` would: its
 * arguments, environment and working folder for the run, its console and stdout captured, its
 * exit code read from `process.exitCode`. Each run imports the script afresh. Much cheaper than
 * a child process; keep one spawned smoke test per script (`spawnScript`) for the real thing.
 * The script must not call `process.exit` on the path tested.
 */
export async function runScript(script: string, args: readonly string[], env: Record<string, string> = {}, options: { cwd?: string } = {}): Promise<CliResult> {
  const file = path.join(repoRoot, 'scripts', script);
  const savedCwd = process.cwd();
  // Vitest runs files in child processes (the `forks` pool), where the folder may change.
  if (options.cwd) process.chdir(options.cwd);
  const stdout: string[] = [];
  const stderr: string[] = [];
  const savedArgv = process.argv;
  const savedExitCode = process.exitCode;
  process.argv = [process.execPath, file, ...args];
  for (const [key, value] of Object.entries(env)) vi.stubEnv(key, value);
  const spies = [
    vi.spyOn(console, 'log').mockImplementation((...a) => void stdout.push(`${format(...a)}\n`)),
    vi.spyOn(console, 'info').mockImplementation((...a) => void stdout.push(`${format(...a)}\n`)),
    vi.spyOn(console, 'error').mockImplementation((...a) => void stderr.push(`${format(...a)}\n`)),
    vi.spyOn(console, 'warn').mockImplementation((...a) => void stderr.push(`${format(...a)}\n`)),
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      stdout.push(String(chunk));
      return true;
    }),
  ];
  process.exitCode = undefined;
  try {
    await import(/* @vite-ignore */ `${pathToFileURL(file).href}?run=${++runs}`);
    return { code: Number(process.exitCode ?? 0), stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    process.exitCode = savedExitCode;
    process.argv = savedArgv;
    process.chdir(savedCwd);
    for (const spy of spies) spy.mockRestore();
    vi.unstubAllEnvs();
  }
}

/** The same script as a child process (`node scripts/<name>.ts ...args`): the smoke test. */
export async function spawnScript(
  script: string,
  args: readonly string[],
  env: Record<string, string> = {},
  options: { cwd?: string } = {},
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path.join(repoRoot, 'scripts', script), ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
