// Helpers shared by the benchmarks: process CPU from /proc, child processes, waiting. Linux only.
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import readline from 'node:readline';

export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** utime + stime of a process, in seconds (fields after the ")" that ends the command name). */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Pids of the direct children of `pid` whose command name starts with `name`. */
export function childPids(pid, name) {
  const out = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && comm.startsWith(name)) out.push(Number(entry));
    } catch {
      // The process ended while we looked: not ours to count.
    }
  }
  return out;
}

/** Starts a node script; resolves with the child and its stdout lines as an async queue. */
export function startNode(script, args, env = {}) {
  // BENCH_NODE_ARGS: Node options for every started script, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
  // to see where a benchmark's Heldar spends its time (Node refuses --cpu-prof in NODE_OPTIONS). Not a
  // HELDAR_ name: Heldar refuses HELDAR_ variables it does not know, and the started scripts inherit it.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? [];
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = [];
  const waiters = [];
  readline.createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    for (const w of waiters.splice(0)) w();
  });
  async function waitLine(predicate, timeoutMs = 120_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = lines.find(predicate);
      if (found !== undefined) return found;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`${script}: expected output not seen; got:\n${lines.join('\n')}`);
      await new Promise((r) => {
        waiters.push(r);
        setTimeout(r, 500);
      });
    }
  }
  return { child, lines, waitLine };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stop(child, graceMs = 15_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
