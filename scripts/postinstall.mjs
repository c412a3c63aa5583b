// After `npm install` / `npm ci`: make the install right for the Node the project runs on.
//
// The project brings its own Node 24 (the `node` package), but npm decides which optional
// packages to install by the Node that runs npm. On an older Node it silently skips native
// bindings whose `engines` exclude that Node (rolldown's, for one), and Astro and Vitest then
// fail to start. So when npm ran on another Node major, npm is asked once more, this time
// running on the project's Node, to add what it skipped. Plain JavaScript, no dependencies:
// it must run wherever `npm install` does.
import { spawnSync } from 'node:child_process';

const outer = /\bnode\/v(\d+)/.exec(process.env.npm_config_user_agent ?? '')?.[1];
const inner = process.versions.node.split('.')[0];
const npmCli = process.env.npm_execpath;
if (outer && outer !== inner && npmCli && Number(inner) >= 22) {
  console.log(`frontrow: npm ran on Node ${outer}; adding what it skipped for the project's Node ${process.versions.node}…`);
  const result = spawnSync(process.execPath, [npmCli, 'install', '--no-save', '--ignore-scripts', '--no-audit', '--no-fund'], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}
