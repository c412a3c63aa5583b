import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { endedChildrenCpuMs, ownCpuMs, parseStatus, sampleTree, treeOf, type ProcessEntry } from '../../../scripts/lib/process-tree.ts';

// The bench's memory and CPU of a build count every process of it: Pagefind's binary beside Node.
describe("the bench's process tree", () => {
  it('reads a process’s parent and resident memory from /proc/<pid>/status', () => {
    const status = 'Name:\tpagefind_extend\nState:\tS (sleeping)\nTgid:\t42\nPid:\t42\nPPid:\t40\nVmPeak:\t 900000 kB\nVmRSS:\t  62608 kB\n';
    expect(parseStatus(status)).toEqual({ ppid: 40, rssKiB: 62608 });
    // A zombie has no memory left.
    expect(parseStatus('Name:\tnode\nState:\tZ (zombie)\nPPid:\t40\n')).toEqual({ ppid: 40, rssKiB: 0 });
    expect(parseStatus('')).toBeUndefined();
  });

  it('takes a process and all its descendants, and nothing else', () => {
    const processes = new Map<number, ProcessEntry>([
      [1, { ppid: 0, rssKiB: 10 }],
      [40, { ppid: 1, rssKiB: 100 }],
      [41, { ppid: 40, rssKiB: 600 }],
      [42, { ppid: 41, rssKiB: 60 }],
      [43, { ppid: 41, rssKiB: 15 }],
      [50, { ppid: 1, rssKiB: 999 }],
    ]);
    expect(treeOf(41, processes).sort()).toEqual([41, 42, 43]);
    expect(treeOf(40, processes).sort()).toEqual([40, 41, 42, 43]);
    expect(treeOf(7, processes)).toEqual([]);
  });

  it("reads a process's own CPU and its ended children's from its stat line, whatever the command is called", () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime …
    const stat = '123 (a (b) c) S 1 123 123 0 -1 4194304 100 200 0 0 50 7 1234 66 20 0 11 0';
    expect(endedChildrenCpuMs(stat)).toBe((1234 + 66) * 10);
    expect(ownCpuMs(stat)).toBe((50 + 7) * 10);
  });

  it.runIf(process.platform === 'linux')("counts a grandchild's memory while it runs and its CPU once it has ended", async () => {
    // A child that starts a grandchild, which fills 200 MiB, burns 300 ms of CPU, says so and
    // waits for its input to close.
    const grandchild = [
      'const held = Buffer.alloc(200 * 1024 * 1024, 1);',
      'const start = process.cpuUsage();',
      'while (process.cpuUsage(start).user < 300_000);',
      "process.stdout.write('ready ' + held.length);",
      "process.stdin.on('data', () => {}).on('end', () => process.exit(0));",
    ].join('\n');
    const child = `const c = require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'inherit' }); c.on('exit', (code) => process.exit(code));`;
    const cpuBefore = endedChildrenCpuMs();
    const parent = spawn(process.execPath, ['-e', child], { stdio: ['pipe', 'pipe', 'inherit'] });
    const [ready] = (await once(parent.stdout, 'data')) as [Buffer];
    expect(ready.toString()).toMatch(/^ready/);
    const sampler = sampleTree(parent.pid!);
    // Its memory now, from one sample.
    expect(sampleTree(parent.pid!).stop().peakKiB).toBeGreaterThan(200 * 1024);
    parent.stdin.end();
    await once(parent, 'exit');
    const { peakKiB, processes, cpuByProgram } = sampler.stop();
    expect(peakKiB).toBeGreaterThan(200 * 1024);
    expect(processes).toBe(2);
    // Sampled once the grandchild had burnt its 300 ms.
    expect([...cpuByProgram.keys()]).toEqual([path.basename(process.execPath)]);
    expect(cpuByProgram.get(path.basename(process.execPath))).toBeGreaterThanOrEqual(300);
    expect(endedChildrenCpuMs() - cpuBefore).toBeGreaterThanOrEqual(300);
  });
});
