#!/usr/bin/env node
// npm run webmentions -- send [--dry-run] [--json] [--dist dist] [--record .cache/webmentions-sent.json]
// Runs after a deploy: tells every page the built site links to, and every recommended peer.
import path from 'node:path';
import { loadSiteConfig } from '../src/lib/config/load.ts';
import { resolveContentDir } from '../src/lib/config/paths.ts';
import { formatSendReport, NothingBuiltError, sendWebmentions, webmentionUserAgent } from '../src/lib/outreach/index.ts';
import { absoluteUrl } from '../src/lib/urls.ts';
import { parseCommandLine } from './lib/cli.ts';

const usage = `Usage:
  npm run webmentions -- send [--dry-run] [--json] [--dist <folder>] [--record <file>]
    Sends a Webmention to every page the published posts link to or answer, and to every
    peer in the blogroll (source: /.well-known/recommendations.json). Run it after a deploy.
    --dry-run   print what would be sent; send nothing, change nothing
    --json      print the report as JSON
    --dist      the built site (default: dist)
    --record    what was sent (default: .cache/webmentions-sent.json)`;

async function main(): Promise<number> {
  const parsed = parseCommandLine(
    {
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      dist: { type: 'string' },
      record: { type: 'string' },
    },
    usage,
  );
  if (parsed.exit !== undefined) return parsed.exit;
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'send') {
    console.error(`${positionals[0] && positionals[0] !== 'send' ? `Unknown command "${positionals[0]}".\n` : ''}${usage}`);
    return 2;
  }

  let site;
  try {
    site = await loadSiteConfig(resolveContentDir());
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const siteRoot = absoluteUrl('/', site.url, site.base);
  const dryRun = Boolean(values['dry-run']) || !site.outreach.send;
  const warnings: string[] = [];
  try {
    const report = await sendWebmentions({
      dist: path.resolve(values.dist ?? process.env['FRONTROW_OUT_DIR'] ?? 'dist'),
      siteRoot,
      recordFile: path.resolve(values.record ?? '.cache/webmentions-sent.json'),
      baselineDays: site.outreach.baselineDays,
      maxAttempts: site.outreach.maxAttempts,
      concurrency: site.blogroll.concurrency,
      net: {
        userAgent: webmentionUserAgent(siteRoot),
        timeoutMs: site.blogroll.timeoutMs,
        maxBytes: site.blogroll.maxBytes,
        privateHosts: site.blogroll.privateHosts,
      },
      dryRun,
      warn: (line) => (values.json ? warnings.push(line) : console.warn(line)),
    });
    if (values.json) console.log(JSON.stringify({ ...report, warnings }, null, 2));
    else {
      if (!site.outreach.send && !values['dry-run']) console.log('outreach.send is false in the site config: nothing is sent.');
      for (const line of formatSendReport(report)) console.log(line);
    }
    return 0;
  } catch (error) {
    if (error instanceof NothingBuiltError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

process.exitCode = await main();
