#!/usr/bin/env node
// Adds the platform-specific optional packages that npm leaves out of package-lock.json
// (npm/cli#4828: rollup, esbuild, @node-rs/* bindings for other OSes/CPUs). Without them
// `npm ci` refuses the lockfile ("Missing: @rollup/rollup-android-arm64@ from lock file").
// Run after every `npm install` that changes dependencies: `node scripts/complete-lockfile.mjs`.
//
// The registry this project is built against only serves packages for the platforms it builds on,
// so the entries are written from what the dependent declares (name and exact version), with the
// os/cpu read from the package name; npm skips them on this platform without fetching anything.
import { readFileSync, writeFileSync } from 'node:fs';

const OSES = ['android', 'darwin', 'freebsd', 'linux', 'netbsd', 'openbsd', 'openharmony', 'sunos', 'win32', 'aix', 'wasi'];
const CPUS = ['arm64', 'x64', 'ia32', 'arm', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32'];

/** os/cpu/libc from a platform package name such as `@rollup/rollup-linux-arm64-musl`. */
function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OSES.includes(p));
  const cpu = parts.find((p) => CPUS.includes(p)) ?? (parts.includes('arm') || parts.includes('eabi') ? 'arm' : undefined);
  const libc = parts.includes('musl') ? 'musl' : parts.includes('gnu') || parts.includes('gnueabihf') ? 'glibc' : undefined;
  return { os, cpu, libc };
}

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [key, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    // Resolution as node does it: next to the dependent, then up the tree, then at the top.
    const candidates = [];
    let base = key;
    for (;;) {
      candidates.push(`${base ? `${base}/` : ''}node_modules/${name}`);
      if (!base) break;
      const idx = base.lastIndexOf('node_modules/');
      base = idx <= 0 ? '' : base.slice(0, idx - 1);
    }
    if (candidates.some((c) => packages[c])) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!/^\d+\.\d+\.\d+/.test(range) || (!os && !cpu)) {
      console.warn(`complete-lockfile: left out ${name}@${range} (not a pinned platform package)`);
      continue;
    }
    packages[`node_modules/${name}`] = {
      version: range.replace(/^[~^]/, ''),
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(entry.dev ? { dev: true } : {}),
      ...(libc ? { libc: [libc] } : {}),
      optional: true,
      ...(os ? { os: [os] } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
// Only when it changes: a rewrite makes package-lock.json newer than node_modules, and
// scripts/setup.mjs would then run npm ci again for nothing.
const text = `${JSON.stringify(lock, null, 2)}\n`;
if (text !== readFileSync(file, 'utf8')) writeFileSync(file, text);
console.log(`complete-lockfile: added ${added} optional platform packages`);
