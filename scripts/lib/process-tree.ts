// A benchmarked build is a process tree: the Node process Astro runs in, and Pagefind's binary
// (one process per lane writing the search index). Its memory is the sum of theirs at the same
// moment, sampled from Linux's /proc while it runs; its CPU is what the kernel adds up for the
// bench when the tree has ended. Node itself reports neither for other processes.

/** Elsewhere than on Linux there is no /proc: no tree is sampled, and its CPU is unknown (NaN). */
export const CAN_SAMPLE_TREE = existsSync('/proc/self/stat');
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';

/** A process as /proc/<pid>/status describes it: its parent, and its resident memory (none for a zombie). */
export interface ProcessEntry {
  ppid: number;
  rssKiB: number;
}

export function parseStatus(text: string): ProcessEntry | undefined {
  const ppid = /^PPid:\s+(\d+)/m.exec(text);
  if (!ppid) return undefined;
  return { ppid: Number(ppid[1]), rssKiB: Number(/^VmRSS:\s+(\d+) kB/m.exec(text)?.[1] ?? 0) };
}

/** `root` and every process descending from it, among `processes` (pid → entry). */
export function treeOf(root: number, processes: ReadonlyMap<number, ProcessEntry>): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, { ppid }] of processes) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const tree: number[] = [];
  const queue = processes.has(root) ? [root] : [];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    tree.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

function readProcesses(): Map<number, ProcessEntry> {
  const processes = new Map<number, ProcessEntry>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const entry = parseStatus(readFileSync(`/proc/${name}/status`, 'utf8'));
      if (entry) processes.set(Number(name), entry);
    } catch {
      // It ended while the list was read.
    }
  }
  return processes;
}

/** What a sampled tree held and used: its largest total, its most processes, each program's CPU. */
export interface TreeSample {
  peakKiB: number;
  processes: number;
  /** Program (the executable's file name) → CPU ms, as last seen: a process's last moments may be missed. */
  cpuByProgram: Map<string, number>;
}

/**
 * Samples the tree every `everyMs` until stopped. A process that lives less than `everyMs` may be
 * missed; the kernel's count (endedChildrenCpuMs) is the exact total of the CPU.
 */
export function sampleTree(root: number, everyMs = 100): { stop: () => TreeSample } {
  let peakKiB = 0;
  let most = 0;
  const seen = new Map<number, { program: string; cpuMs: number }>();
  const sample = () => {
    if (!CAN_SAMPLE_TREE) return;
    const processes = readProcesses();
    const tree = treeOf(root, processes);
    peakKiB = Math.max(
      peakKiB,
      tree.reduce((sum, pid) => sum + (processes.get(pid)?.rssKiB ?? 0), 0),
    );
    most = Math.max(most, tree.length);
    for (const pid of tree) {
      try {
        const program = seen.get(pid)?.program ?? path.basename(readlinkSync(`/proc/${pid}/exe`));
        seen.set(pid, { program, cpuMs: ownCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8')) });
      } catch {
        // It ended meanwhile.
      }
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      const cpuByProgram = new Map<string, number>();
      for (const { program, cpuMs } of seen.values()) cpuByProgram.set(program, (cpuByProgram.get(program) ?? 0) + cpuMs);
      return { peakKiB, processes: most, cpuByProgram };
    },
  };
}

/** Linux reports CPU times in /proc in units of 1/100 s (USER_HZ, fixed by its ABI). */
const MS_PER_TICK = 10;

/** The fields of a /proc/<pid>/stat line after the command name, which is in brackets and may hold spaces: field 3 of the line first. */
const fieldsAfterName = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ');

/** A process's own CPU time (user and system, ms): fields 14 and 15 of its stat line. */
export function ownCpuMs(stat: string): number {
  const fields = fieldsAfterName(stat);
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

/**
 * The CPU time (user and system, ms) of this process's children that have ended and been waited
 * for, with all of theirs (fields 16 and 17): read before and after a build, the difference is the
 * whole tree's.
 */
export function endedChildrenCpuMs(stat = CAN_SAMPLE_TREE ? readFileSync('/proc/self/stat', 'utf8') : undefined): number {
  if (stat === undefined) return Number.NaN;
  const fields = fieldsAfterName(stat);
  return (Number(fields[13]) + Number(fields[14])) * MS_PER_TICK;
}
