// Plain-JavaScript entry for simulation workers: Node 20 does not apply `--import tsx` loader hooks
// inside worker threads, so the worker loads tsx's API and imports the TypeScript entry through it.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

await tsImport(workerData.entry, import.meta.url);
