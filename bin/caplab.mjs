#!/usr/bin/env node
// `caplab` command (package.json "bin"): loads the TypeScript CLI through tsx's
// ESM loader and runs it. See docs/cli.md.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
