import { join } from 'node:path';
import type { Command } from 'commander';
import { serve } from '@hono/node-server';
import { ConcordatApp } from '../../app/app.ts';
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
      const stop = async () => {
        process.stderr.write('Stopping...\n');
        server.close();
        await app.close();
        release();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}
