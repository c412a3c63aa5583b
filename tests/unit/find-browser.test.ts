import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { findBrowser, NO_BROWSER } from '../../scripts/lib/find-browser.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('findBrowser', () => {
  const only =
    (...files: string[]) =>
    (file: string) =>
      files.includes(file);

  it('CHROME_PATH first, then chromium, chromium-browser, google-chrome on PATH', () => {
    const env = { PATH: '/opt/a:/usr/bin', CHROME_PATH: '/custom/chrome' };
    expect(findBrowser({ env, platform: 'linux', isExecutable: only('/custom/chrome', '/usr/bin/chromium') })).toBe('/custom/chrome');
    expect(findBrowser({ env: { PATH: '/opt/a:/usr/bin' }, platform: 'linux', isExecutable: only('/usr/bin/chromium', '/opt/a/google-chrome') })).toBe(
      '/opt/a/google-chrome',
    );
    expect(findBrowser({ env: { PATH: '/usr/bin' }, platform: 'linux', isExecutable: only('/usr/bin/chromium-browser') })).toBe('/usr/bin/chromium-browser');
  });

  it('a CHROME_PATH that points nowhere is not silently replaced', () => {
    expect(findBrowser({ env: { CHROME_PATH: '/nope', PATH: '/usr/bin' }, platform: 'linux', isExecutable: only('/usr/bin/chromium') })).toBeUndefined();
  });

  it('knows the usual macOS and Windows install paths', () => {
    expect(
      findBrowser({
        env: { PATH: '/usr/bin', HOME: '/Users/a' },
        platform: 'darwin',
        isExecutable: only('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
      }),
    ).toBe('/Applications/Google Chrome.app/Contents/MacOS/Google Chrome');
    const win = { PATH: 'C:\\Windows', PROGRAMFILES: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' };
    expect(findBrowser({ env: win, platform: 'win32', isExecutable: only('C:\\Users\\a\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe') })).toBe(
      'C:\\Users\\a\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe',
    );
    expect(findBrowser({ env: { PATH: '' }, platform: 'linux', isExecutable: () => false })).toBeUndefined();
  });

  it('without a browser, the browser tests stop with one line on how to install one', async () => {
    const vitest = path.join(root, 'node_modules/vitest/vitest.mjs');
    const result = await promisify(execFile)(process.execPath, [vitest, 'run', 'tests/e2e'], {
      cwd: root,
      env: { ...process.env, CHROME_PATH: '/nonexistent/chrome', NO_COLOR: '1' },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, output: '' }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}${error.stderr}` }),
    );
    expect(result.code).toBe(1);
    expect(result.output).toContain(NO_BROWSER);
    expect(result.output).not.toMatch(/^\s+at /m); // no stack trace
    expect(result.output).not.toMatch(/skipped/);
  }, 90_000);
});
