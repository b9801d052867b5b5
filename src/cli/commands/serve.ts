import { join } from 'node:path';
import type { Command } from 'commander';
import { serve } from '@hono/node-server';
import { ConcordatApp } from '../../app/app.ts';
import { shutdownSimulationJobs } from '../../app/impact/simulation-jobs.ts';
import { shutdownSimulationWorkers } from '../../engine/simulation/pool.ts';
import { createHttpApp } from '../../http/app.ts';
import { configFromEnv, REPO_ROOT, takeDataDirLock } from '../config.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the web app and the API (demo economy loaded into an empty database)')
    .option('--port <port>', 'port to listen on (default $PORT or 3000)')
    .option('--no-demo', 'do not load the demo economy into an empty database')
    .action(async (opts: { port?: string; demo: boolean }) => {
      const config = configFromEnv(opts.port ? { ...process.env, PORT: opts.port } : process.env);
      const release = config.databaseUrl ? () => {} : takeDataDirLock(config.dataDir, 'concordat serve');
      process.stderr.write(`Opening ${config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`}...\n`);
      const app = await ConcordatApp.open({ ...config, loadDemoIfEmpty: opts.demo });
      const http = createHttpApp(app, { webRoot: join(REPO_ROOT, 'web', 'dist') });
      const server = serve({ fetch: http.fetch, port: config.port, hostname: process.env.HOST ?? '127.0.0.1' }, (info) => {
        process.stderr.write(`Concordat is serving http://${info.address === '::1' ? 'localhost' : info.address}:${info.port}/ (API docs at /api/docs)\n`);
      });
      // Shutdown in order: stop accepting, let requests in flight finish (10 s at most), stop the
      // workers, then close the database, so nothing half-written is left behind.
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        process.stderr.write('Stopping: finishing requests in flight...\n');
        const drained = new Promise<void>((ok) => server.close(() => ok()));
        (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
        await Promise.race([drained, new Promise((ok) => setTimeout(ok, 10_000).unref())]);
        await Promise.all([shutdownSimulationJobs(), shutdownSimulationWorkers()]);
        await app.close();
        release();
        process.stderr.write('Stopped.\n');
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
