// One synchronisation at a time per data directory, across processes: two CLI runs (or the app
// and a CLI run) would otherwise put 8 calls in flight. The lock is a file holding the owner's
// pid; a lock left by a killed process (kill -9, power cut) is taken over.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'sync.lock';

export interface SyncLock {
  release(): void;
}

/** Locks held by this process: a pid file cannot tell two holders inside one process apart. */
const heldHere = new Set<string>();

/** The lock, or null when a live process holds it. */
export function acquireSyncLock(dataDir: string): SyncLock | null {
  const path = join(dataDir, LOCK_FILE);
  if (heldHere.has(path)) return null;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      return {
        release: () => {
          heldHere.delete(path);
          releaseIfOurs(path);
        },
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(path);
    if (owner === null && isFresh(path)) return null; // its owner is still writing its pid
    if (owner !== null && owner !== process.pid && isAlive(owner)) return null;
    removeStale(path, owner);
  }
  return null;
}

function readOwner(path: string): number | null {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** Removes the lock only if it still names the dead owner we saw (another taker may have won). */
function removeStale(path: string, owner: number | null): void {
  if (readOwner(path) !== owner) return;
  try {
    unlinkSync(path);
  } catch {
    // Already gone: another process took it over first; the next attempt sees its lock.
  }
}

function releaseIfOurs(path: string): void {
  if (readOwner(path) === process.pid) {
    try {
      unlinkSync(path);
    } catch {
      // Nothing to release.
    }
  }
}

function isFresh(path: string): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs < 2_000;
  } catch {
    return false;
  }
}
