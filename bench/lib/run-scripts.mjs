// Runs benchmark scripts of bench/ one after another (never in parallel: they measure CPU and disk),
// each with its default options; stops at the first that fails.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** @param {string[]} names script names in bench/ without `.mjs` */
export function runScripts(names) {
  for (const name of names) {
    process.stdout.write(`\n== bench/${name}.mjs\n`);
    const run = spawnSync(process.execPath, [fileURLToPath(new URL(`../${name}.mjs`, import.meta.url))], { stdio: 'inherit' });
    if (run.status !== 0) {
      process.stderr.write(`bench/${name}.mjs failed (exit ${run.status ?? run.signal})\n`);
      process.exit(run.status ?? 1);
    }
  }
}
