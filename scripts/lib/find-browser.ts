import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Where the Chrome or Chromium a person already has lives: CHROME_PATH, then `chromium`,
 * `chromium-browser`, `google-chrome` on PATH, then the usual macOS and Windows install paths.
 * Used by the browser tests and `npm run audit`; nothing here downloads a browser.
 */

export const NO_BROWSER =
  'No Chrome or Chromium found. Install one (Debian/Ubuntu: sudo apt install chromium; macOS: brew install --cask google-chrome; Windows: winget install Google.Chrome), or set CHROME_PATH to its executable.';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

export interface FindBrowserOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** Whether a file exists and may be run; tests pass their own. */
  isExecutable?: (file: string) => boolean;
}

export function findBrowser(options: FindBrowserOptions = {}): string | undefined {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const isExecutable = options.isExecutable ?? runnable;
  const explicit = env['CHROME_PATH']?.trim();
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  const p = platform === 'win32' ? path.win32 : path.posix;
  const suffixes = platform === 'win32' ? ['.exe'] : [''];
  for (const dir of (env['PATH'] ?? '').split(platform === 'win32' ? ';' : ':').filter(Boolean)) {
    for (const name of NAMES)
      for (const suffix of suffixes) {
        const file = p.join(dir, name + suffix);
        if (isExecutable(file)) return file;
      }
  }
  const home = env['HOME'] ?? os.homedir();
  const known =
    platform === 'darwin'
      ? ['/Applications', p.join(home, 'Applications')].flatMap((apps) => [
          p.join(apps, 'Google Chrome.app/Contents/MacOS/Google Chrome'),
          p.join(apps, 'Chromium.app/Contents/MacOS/Chromium'),
        ])
      : platform === 'win32'
        ? [env['PROGRAMFILES'], env['PROGRAMFILES(X86)'], env['LOCALAPPDATA']]
            .filter((dir): dir is string => Boolean(dir))
            .flatMap((dir) => [p.join(dir, 'Google\\Chrome\\Application\\chrome.exe'), p.join(dir, 'Chromium\\Application\\chrome.exe')])
        : [];
  return known.find(isExecutable);
}

/** The message for a missing browser, naming a CHROME_PATH that points nowhere. */
export function noBrowserMessage(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['CHROME_PATH']?.trim();
  return explicit ? `CHROME_PATH is set to ${explicit}, which is not a program that can be run. ${NO_BROWSER}` : NO_BROWSER;
}

function runnable(file: string): boolean {
  try {
    accessSync(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
