#!/usr/bin/env node
// Entry point of the `leadloop` command. A source checkout runs the TypeScript sources
// directly (Node 24 strips types); the container image ships only the compiled dist/.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli/main.ts', import.meta.url);
const built = new URL('../dist/src/cli/main.js', import.meta.url);
const { main } = await import((existsSync(source) ? source : built).href);
process.exitCode = await main(process.argv);
