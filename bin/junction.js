#!/usr/bin/env node
// Runs the TypeScript CLI in this process through tsx's loader, so `npx junction` works straight
// from a checkout and signals reach the command itself.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
