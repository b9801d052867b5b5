import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppOptions } from '../app/app.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Configuration from the environment (README "Configuration"). */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppOptions & { port: number; dataDir: string } {
  const dataDir = resolve(env.CONCORDAT_DATA_DIR ?? join(REPO_ROOT, '.concordat', 'pglite'));
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  // The read cache is on unless CONCORDAT_READ_CACHE=0 (to measure or rule out the cold path).
  const readCache = env.CONCORDAT_READ_CACHE !== '0';
  return { databaseUrl: env.DATABASE_URL || undefined, dataDir, port, readCache };
}

/**
 * PGlite keeps its data in one directory that only one process may open. The server holds a lock
 * file there; another command that finds a live holder says so instead of corrupting the data.
 */
export function takeDataDirLock(dataDir: string, purpose: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lock = join(dataDir, '..', `${dataDir.split(/[\\/]/).pop()}.lock`);
  if (existsSync(lock)) {
    const [pidText, holder] = readFileSync(lock, 'utf8').split('\n');
    const pid = Number(pidText);
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(
        `the embedded database in ${dataDir} is in use by process ${pid} (${holder}). ` +
        'Stop it first, or point this command at PostgreSQL with DATABASE_URL, or at another CONCORDAT_DATA_DIR.',
      );
    }
  }
  writeFileSync(lock, `${process.pid}\n${purpose}\n`);
  return () => {
    try {
      rmSync(lock);
    } catch {
      // Already gone: nothing to release.
    }
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
