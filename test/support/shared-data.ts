import { existsSync } from 'node:fs';

/**
 * The shared data directory (ODS files, tariffs): ../shared beside the repository, or two levels
 * up from a git worktree kept under a folder of worktrees.
 */
export function sharedDataDir(): string {
  const repo = new URL('../../', import.meta.url);
  for (const up of ['../shared/data/', '../../shared/data/']) {
    const dir = new URL(up, repo).pathname;
    if (existsSync(dir)) return dir;
  }
  throw new Error('shared/data not found beside the repository');
}
