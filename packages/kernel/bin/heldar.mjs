#!/usr/bin/env node
// The `heldar` command. Committed (not generated) so that `npm ci` links it into node_modules/.bin:
// npm links a workspace's bin only when the file exists at install time, and dist/ is built later.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('heldar: the kernel is not built yet; run `npm run build` in the repository first.\n');
  process.exit(1);
}
await import(main.href);
