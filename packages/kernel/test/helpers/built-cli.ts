import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The compiled CLI; process-level tests run what a user runs. `npm test` builds it first. */
export function builtCli(): string {
  const main = fileURLToPath(new URL('../../dist/main.js', import.meta.url));
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (\`npm test\` does)`);
  return main;
}
