#!/usr/bin/env node
// Runs every command README.md shows, from this checkout, the way a new user would after the quick
// start: the commands are read from README.md itself (```sh blocks, the first column of its tables,
// and inline `npx …`/`npm …`/`node …` spans), so the README and this check cannot drift apart. A
// command this script has no rule for fails the check: add a rule when you add a command.
//
// Long-running commands (the demo, serve, camsim) are started in their own process group, awaited
// until they say they are ready, then sent SIGINT — to the top process only for `npm run demo` and
// `npm start` (npm under a supervisor or another program gets the signal alone, and must pass it on:
// their scripts `exec` node for that), else to the group as a terminal's Ctrl-C — and every process
// under it (node, ffmpeg, the motion worker) must be gone within a deadline.
//
// Usage: node scripts/check-readme-commands.mjs   (CI runs it after `npm test`; needs a build)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STOP_DEADLINE_MS = 20_000;

/** Every command README.md shows, in order, without duplicates and without trailing comments. */
export function readmeCommands(markdown) {
  const found = [];
  const add = (cmd) => {
    const c = cmd.replace(/\s+#.*$/, '').trim();
    if (c !== '' && !found.includes(c)) found.push(c);
  };
  let inSh = false;
  for (const line of markdown.split('\n')) {
    if (/^```sh\s*$/.test(line)) {
      inSh = true;
      continue;
    }
    if (inSh && /^```/.test(line)) {
      inSh = false;
      continue;
    }
    if (inSh) {
      add(line);
      continue;
    }
    const cell = /^\|\s*`([^`]+)`\s*\|/.exec(line);
    if (cell && /^(npx|npm|node) /.test(cell[1])) add(cell[1]);
    for (const m of line.matchAll(/`((?:npx|npm|node) [^`]+)`/g)) add(m[1]);
  }
  return found;
}

// How to run each command: `run` (must exit 0), `long` (runs until stopped; `ready` is a pattern its
// output shows once it works), `expand` (placeholders → real invocations), or `skip` with the reason.
const RULES = [
  { match: /^npm ci$/, skip: '.ci/run runs it before everything else' },
  { match: /^npm test$/, skip: '.ci/run runs it just before this check' },
  { match: /^npm run (lint|typecheck|test:ui|test:postgres)$/, skip: 'part of what .ci/run and npm test run' },
  { match: /^npm run bench$|^node bench\//, skip: 'benchmarks put minutes of load on the machine; run by hand' },
  { match: /^node scripts\/check-readme-commands\.mjs$/, skip: 'this check itself' },
  { match: /^node packages\/kernel\/dist\/main\.js …$/, expand: ['node packages/kernel/dist/main.js version'] },
  { match: /^node packages\/kernel\/dist\/main\.js (version|help)$/, run: true },
  { match: /^npm start$/, long: true, ready: /listening on http/, expectChildren: ['node'] },
  { match: /^npx heldar config \[--markdown\]$/, expand: ['npx heldar config', 'npx heldar config --markdown'] },
  { match: /^npx heldar user add\|passwd\|list$/, expand: ['npx heldar user list'] },
  { match: /^npm run demo$/, long: true, ready: /Heldar demo is recording/, expectChildren: ['node', 'ffmpeg'] },
  // npx keeps a shell between itself and the command, so these get Ctrl-C as a terminal sends it:
  // to the whole foreground process group.
  { match: /^npx heldar demo$/, long: true, group: true, ready: /Heldar demo is recording/, expectChildren: ['ffmpeg'] },
  { match: /^npx heldar serve$/, long: true, group: true, ready: /listening on http/ },
  { match: /^npx camsim /, long: true, group: true, ready: /(rtsp:\/\/\S+\s+){4}/ },
  { match: /^npx heldar user passwd /, input: 'a-new-password-for-the-check\n' },
  { match: /^npx heldar key add /, run: true },
  { match: /^npx heldar (migrate|config|version|help|user list)\b/, run: true },
  { match: /^npx vitest run \S+\.test\.ts$/, run: true },
  { match: /^npm run build$/, run: true },
  { match: /^node scripts\/complete-lockfile\.mjs$/, run: true },
  // Writing the generated tables would change the checkout; the check mode fails on drift instead.
  { match: /^npm run docs:tables$/, expand: ['node scripts/docs-tables.mjs --check'] },
  { match: /^node scripts\/docs-tables\.mjs --check$/, run: true },
  // Rewrites the committed openapi.gen.ts with what the kernel publishes (the same bytes on a clean clone).
  { match: /^npm run generate:api -w @heldar\/web$/, run: true },
  // Ctrl-C as a terminal sends it (to the group): npm passes a lone SIGINT on, but vite under sh waits.
  // "ready in" is one run of text also when vite colours its banner (CI=true turns colours on).
  { match: /^npm run dev -w @heldar\/web$/, long: true, group: true, ready: /ready in/ },
];

function ruleFor(command) {
  return RULES.find((r) => r.match.test(command));
}

/** Pids of every process below `pid`, read from /proc (Linux). */
function descendants(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(name));
    } catch {
      // The process ended while we looked: it has no children to count.
    }
  }
  const out = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** The command name of a live process, or null once it is gone (a zombie counts as gone). */
function alive(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' ? null : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  } catch {
    return null;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function start(command, env, input) {
  // detached: its own process group, so nothing here sends it a signal by accident.
  const child = spawn('sh', ['-c', `exec ${command}`], { cwd: root, env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  child.stdin.end(input ?? '');
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, exited, output: () => output };
}

async function runShort(command, env, rule) {
  const p = start(command, env, rule.input);
  const { code, signal } = await p.exited;
  if (code !== 0) throw new Error(`exited with ${code ?? signal}\n${p.output().slice(-3000)}`);
}

async function runLong(command, env, rule, deadlineMs) {
  const p = start(command, env);
  const deadline = Date.now() + deadlineMs;
  while (!rule.ready.test(p.output())) {
    if (p.child.exitCode !== null) throw new Error(`exited (${p.child.exitCode}) before it was ready\n${p.output().slice(-3000)}`);
    if (Date.now() > deadline) {
      process.kill(-p.child.pid, 'SIGKILL');
      throw new Error(`not ready after ${deadlineMs / 1000} s\n${p.output().slice(-3000)}`);
    }
    await sleep(200);
  }
  const tree = [p.child.pid, ...descendants(p.child.pid)].map((pid) => ({ pid, name: alive(pid) }));
  for (const name of rule.expectChildren ?? []) {
    if (!tree.some((t) => t.name === name)) throw new Error(`expected a ${name} process under it, found ${tree.map((t) => t.name).join(', ')}`);
  }
  // SIGINT to the top process only (npm must pass it on), or to its group as a terminal's Ctrl-C;
  // either way Heldar must stop its ffmpegs (which run in process groups of their own).
  process.kill(rule.group ? -p.child.pid : p.child.pid, 'SIGINT');
  const stopBy = Date.now() + STOP_DEADLINE_MS;
  let left = tree;
  while ((left = left.filter((t) => alive(t.pid) !== null)).length > 0) {
    if (Date.now() > stopBy) {
      process.kill(-p.child.pid, 'SIGKILL');
      for (const t of left) if (alive(t.pid) !== null) process.kill(t.pid, 'SIGKILL');
      throw new Error(`still running ${STOP_DEADLINE_MS / 1000} s after SIGINT: ${left.map((t) => `${t.name} (${t.pid})`).join(', ')}`);
    }
    await sleep(100);
  }
  const { code, signal } = await p.exited;
  return `stopped by SIGINT in ${((Date.now() - (stopBy - STOP_DEADLINE_MS)) / 1000).toFixed(1)} s (${tree.length} processes, exit ${code ?? signal})`;
}

async function main() {
  const markdown = readFileSync(path.join(root, 'README.md'), 'utf8');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'heldar-readme-'));
  // One data folder for all, in the order the README shows them (the demo creates `admin`, whose
  // password the next commands may reset). Port 0: whatever is free.
  const env = { ...process.env, HELDAR_DATA_DIR: dataDir, HELDAR_HTTP_PORT: '0' };
  for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
  const failures = [];
  let ran = 0;
  let skipped = 0;
  const queue = readmeCommands(markdown);
  const done = new Set();
  try {
    while (queue.length > 0) {
      const command = queue.shift();
      if (done.has(command)) continue;
      done.add(command);
      const rule = ruleFor(command);
      const started = Date.now();
      if (rule === undefined) {
        failures.push(command);
        process.stderr.write(`✗ ${command}\n    README shows it, but scripts/check-readme-commands.mjs has no rule to run it: add one\n`);
        continue;
      }
      if (rule.expand) {
        queue.unshift(...rule.expand);
        continue;
      }
      if (rule.skip) {
        skipped += 1;
        process.stderr.write(`- ${command}   (not run here: ${rule.skip})\n`);
        continue;
      }
      try {
        // The demo's first run builds and encodes its clips: allow minutes, not seconds.
        const note = rule.long ? await runLong(command, env, rule, command.startsWith('npm run') ? 300_000 : 120_000) : (await runShort(command, env, rule), 'ok');
        ran += 1;
        process.stderr.write(`✓ ${command}   ${note}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      } catch (e) {
        failures.push(command);
        process.stderr.write(`✗ ${command}\n    ${String(e instanceof Error ? e.message : e).replace(/\n/g, '\n    ')}\n`);
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  process.stderr.write(`README commands: ${ran} ran, ${skipped} left to .ci/run or to a person, ${failures.length} failing\n`);
  return failures.length === 0 ? 0 : 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = await main();
