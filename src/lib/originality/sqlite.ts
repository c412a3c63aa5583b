import type { DatabaseSync } from 'node:sqlite';

/**
 * node:sqlite, loaded on first use. Some Node versions (22.13–24.x before it went stable) print
 * an ExperimentalWarning when it loads: that one warning is kept off the writer's terminal,
 * every other warning passes.
 */
let sqlite: typeof import('node:sqlite') | undefined;

function load(): typeof import('node:sqlite') {
  if (sqlite) return sqlite;
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (/SQLite/i.test(text)) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    sqlite = process.getBuiltinModule('node:sqlite') as typeof import('node:sqlite');
  } finally {
    process.emitWarning = emit;
  }
  return sqlite;
}

export function openDatabase(file: string): DatabaseSync {
  const db = new (load().DatabaseSync)(file);
  // A check and a dev server may use one file at once: wait for a writer rather than fail, and
  // write-ahead logging lets readers read while one writes. With WAL, synchronous NORMAL syncs
  // only at checkpoints and never leaves a corrupt file after a power cut (at worst the last
  // update is lost and redone); the log is cut back after each checkpoint. 16 KiB pages (set
  // when the file is created) hold a post's term counts or a term's postings in one page rather
  // than an overflow chain, and a 32 MiB page cache keeps a rebuild's writes from spilling.
  db.exec(
    'PRAGMA page_size = 16384; PRAGMA cache_size = -32768; PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA journal_size_limit = 4194304',
  );
  return db;
}
