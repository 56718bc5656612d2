#!/usr/bin/env node
// Makes a fresh machine ready to run Heldar or its tests, or says precisely what is missing.
// Used by `npm run demo`, `npm start` and `npm test`, so the README's two commands are all a person types.
//   - Node.js >= 20.19
//   - ffmpeg and ffprobe >= 5 (installed with apt-get when running as root on Debian/Ubuntu)
//   - node_modules matching package-lock.json (npm ci when missing or stale)
// Flags: --browser also ensures Debian's chromium (for the web UI's end-to-end tests).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const wantBrowser = process.argv.includes('--browser');

function fail(message) {
  process.stderr.write(`\nheldar setup: ${message}\n\n`);
  process.exit(1);
}

function say(message) {
  process.stderr.write(`heldar setup: ${message}\n`);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  fail(`Node.js ${process.versions.node} is too old; Heldar needs Node.js 20.19 or newer.`);
}

function has(bin) {
  return spawnSync(bin, ['-version'], { stdio: 'ignore' }).status === 0;
}

function aptInstall(packages) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    fail(`${packages.join(' and ')} ${packages.length > 1 ? 'are' : 'is'} missing. Install with:\n\n    sudo apt-get install -y ${packages.join(' ')}\n\n(or set HELDAR_FFMPEG / HELDAR_FFPROBE to existing binaries).`);
  }
  say(`installing ${packages.join(' ')} with apt-get …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { stdio: 'inherit', env });
}

const ffmpeg = process.env.HELDAR_FFMPEG || 'ffmpeg';
const ffprobe = process.env.HELDAR_FFPROBE || 'ffprobe';
if (!has(ffmpeg) || !has(ffprobe)) {
  if (process.env.HELDAR_FFMPEG || process.env.HELDAR_FFPROBE) {
    fail(`HELDAR_FFMPEG/HELDAR_FFPROBE point to ${ffmpeg} / ${ffprobe}, which do not run.`);
  }
  aptInstall(['ffmpeg']);
}

if (wantBrowser && !existsSync('/usr/bin/chromium')) aptInstall(['chromium']);

// npm writes node_modules/.package-lock.json on every install; older than package-lock.json = stale.
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  say('installing npm dependencies (npm ci) …');
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}
