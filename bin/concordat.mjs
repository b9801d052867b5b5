#!/usr/bin/env node
// Runs the TypeScript CLI in place (no build step): `npx concordat <command>` from the repository.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
