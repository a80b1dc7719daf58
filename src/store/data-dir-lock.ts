import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { StoreError } from './errors.ts';

/**
 * PGlite is embedded PostgreSQL without a postmaster: two processes opening one data folder
 * would both write it and corrupt it, and PGlite does not stop them. A pid file next to the
 * database does. A file left by a crashed process is taken over when that pid is gone.
 */
const LOCK_FILE = 'leadloop.pid';
const openHere = new Set<string>();

export interface DataDirLock {
  release(): void;
}

export function lockDataDir(dir: string): DataDirLock {
  const path = join(dir, LOCK_FILE);
  if (openHere.has(path)) throw busy(dir, process.pid);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      openHere.add(path);
      return {
        release: () => {
          openHere.delete(path);
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw cannotLock(dir, error);
    }
    const holder = Number.parseInt(readText(path), 10);
    // Our own pid in a file we did not write is a previous container's pid 1: stale.
    if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
      throw busy(dir, holder);
    }
    rmSync(path, { force: true });
  }
  throw busy(dir, undefined);
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function busy(dir: string, pid: number | undefined): StoreError {
  return new StoreError(
    'store.unavailable',
    `The embedded database in ${dir} is already open${pid === undefined ? '' : ` by process ${pid}`}.`,
    {
      hint: 'Embedded PGlite serves one leadloop process. Stop the other one, point LEADLOOP_DATA_DIR at another folder, or set DATABASE_URL to share PostgreSQL between replicas.',
      details: { dataDir: dir, ...(pid === undefined ? {} : { pid }) },
    },
  );
}

function cannotLock(dir: string, cause: unknown): StoreError {
  return new StoreError('store.unavailable', `Cannot write to the data folder ${dir}.`, {
    hint: 'Check that LEADLOOP_DATA_DIR exists and is writable by this user.',
    details: { dataDir: dir },
    cause,
  });
}
