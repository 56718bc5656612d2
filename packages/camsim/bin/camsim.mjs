#!/usr/bin/env node
// The `camsim` command. Committed (not generated) so that `npm ci` links it into node_modules/.bin:
// npm links a workspace's bin only when the file exists at install time, and dist/ is built later.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('camsim: not built yet; run `npm run build` in the repository first.\n');
  process.exit(1);
}
await import(cli.href);
