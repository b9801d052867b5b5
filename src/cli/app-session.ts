import { ConcordatApp } from '../app/app.ts';
import { configFromEnv, takeDataDirLock } from './config.ts';

/**
 * Opens the app for one command as the system (whoever runs the command line holds the database
 * anyway), and always closes it again. The demo economy is loaded into an empty database, as
 * `npm start` would.
 */
export async function withWorkspace<T>(purpose: string, fn: (ws: ReturnType<ConcordatApp['as']>, app: ConcordatApp) => Promise<T>): Promise<T> {
  const config = configFromEnv();
  const release = config.databaseUrl ? () => {} : takeDataDirLock(config.dataDir, purpose);
  try {
    const app = await ConcordatApp.open({ ...config, loadDemoIfEmpty: true });
    try {
      return await fn(app.system(), app);
    } finally {
      await app.close();
    }
  } finally {
    release();
  }
}
