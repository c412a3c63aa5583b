import { join, resolve } from 'node:path';
import { originalityConfigSchema } from '../../../src/lib/originality/config.ts';
import { workDirSync } from '../../helpers/astro.ts';

export const FIXTURE_POSTS = resolve('tests/fixtures/originality/posts');
export const fixture = (name: string) => join(FIXTURE_POSTS, name);
export const defaultConfig = () => originalityConfigSchema.parse(undefined);
export const tempDir = (prefix: string) => workDirSync(`originality-${prefix}`);
/** "Now" for the fixture archive: after every fixture post except the 2099 one. */
export const NOW = new Date('2026-06-01T12:00:00Z');
