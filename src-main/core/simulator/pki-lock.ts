// A cross-process lock on a directory, made of a file created exclusively. Used while the test
// PKI is generated: parallel test workers that share a PKI directory must not write two CAs.
// A lock older than STALE_MS belongs to a process that died mid-way and is taken over.
import { closeSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const STALE_MS = 30_000;
const POLL_MS = 50;
const GIVE_UP_MS = 120_000;

export async function withDirectoryLock(dir: string, work: () => void): Promise<void> {
  const lock = join(dir, '.lock');
  const started = Date.now();
  for (;;) {
    if (tryAcquire(lock)) break;
    if (isStale(lock)) {
      rmSync(lock, { force: true });
      continue;
    }
    if (Date.now() - started > GIVE_UP_MS) {
      throw new Error(`PKI directory ${dir} stayed locked for ${GIVE_UP_MS} ms`);
    }
    // Another process is generating; polling a file is the only signal across processes.
    await sleep(POLL_MS);
  }
  try {
    work();
  } finally {
    rmSync(lock, { force: true });
  }
}

function tryAcquire(lock: string): boolean {
  try {
    const fd = openSync(lock, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') return false;
    throw error;
  }
}

function isStale(lock: string): boolean {
  try {
    return Date.now() - statSync(lock).mtimeMs > STALE_MS;
  } catch {
    // Gone between our attempt and this check: not stale, just try again.
    return false;
  }
}
