#!/usr/bin/env node
// Webhook delivery benchmark: event logged → delivery received, and a sustained load with none lost.
//
// Build first (`npm run build`). The kernel runs in this process (events are logged through its
// EventLog, as any feature logs them); the receiver runs in a child process, so this process's CPU is
// Heldar's: writing the events, reading them back per subscription, signing and POSTing them.
// Prints:
//   - quiet latency: 200 events at 20/s to one subscription, p50/p99 ms from `at` to arrival
//   - load: --rate events/s (default 1000) to --subs subscriptions (default 10) for --seconds (default
//     60): deliveries, lost (must be 0), repeats, p50/p99 latency, drain time after the last event,
//     Heldar's CPU (% of one core, and CPU time per delivery), its event-loop utilisation (near 1 with
//     CPU well below 100 %: runnable but not scheduled — the machine is the limit), the receiver's CPU
//     and the load average
//   --in-flight sets the subscriptions' max_in_flight (default 8)
//
// Usage: node bench/webhooks.mjs [--seconds 60] [--rate 1000] [--subs 10]
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { percentile, sleep } from './lib/proc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, rate: { type: 'string', default: '1000' }, subs: { type: 'string', default: '10' }, 'in-flight': { type: 'string', default: '8' } } });
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const subs = Number(values.subs);

const kernelDist = new URL('packages/kernel/dist/', `file://${root}`);
const { loadConfig } = await import(new URL('config.js', kernelDist).href);
const { createKernel } = await import(new URL('kernel.js', kernelDist).href);
const { createLogger } = await import(new URL('logger.js', kernelDist).href);

const receiver = fork(fileURLToPath(new URL('lib/webhook-receiver.mjs', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const { port } = await new Promise((resolve) => receiver.once('message', resolve));
const summary = () =>
  new Promise((resolve) => {
    receiver.once('message', resolve);
    receiver.send('summary');
  });

const dataDir = mkdtempSync(join(os.tmpdir(), 'heldar-bench-webhooks-'));
const config = loadConfig({ HELDAR_DATA_DIR: dataDir, HELDAR_RECORDER_ENABLED: 'false', HELDAR_LOG_LEVEL: 'silent', HELDAR_OUTBOUND_ALLOW: '127.0.0.1', PATH: process.env.PATH });
const kernel = await createKernel(config, createLogger('silent'));
await kernel.startRecording();
const webhooks = kernel.modules.webhooks.webhooks;
const ms = (v) => `${v.toFixed(0)} ms`;
/** The receiver process's CPU seconds (user + system) from /proc. */
const receiverCpuSeconds = () => {
  const fields = readFileSync(`/proc/${receiver.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

try {
  // Quiet: one subscription, a trickle of events.
  const quiet = await webhooks.create({ name: 'quiet', url: `http://127.0.0.1:${port}/quiet` }, undefined);
  for (let i = 0; i < 200; i++) {
    await kernel.events.log('bench', 'recording_triggered', 'info', { reason: 'bench', window_end: i });
    await sleep(50);
  }
  await sleep(500);
  const q = await summary();
  const ql = q.latencies.sort((a, b) => a - b);
  console.log(`quiet: ${q.unique}/200 delivered, latency p50 ${ms(percentile(ql, 50))}, p99 ${ms(percentile(ql, 99))} (target p50 ≤ 100 ms)`);
  await webhooks.delete(quiet.id);
  receiver.send('reset');

  for (let i = 0; i < subs; i++) await webhooks.create({ name: `load ${i}`, url: `http://127.0.0.1:${port}/load/${i}`, max_in_flight: Number(values['in-flight']) }, undefined);
  const cpu0 = process.cpuUsage();
  const elu0 = performance.eventLoopUtilization();
  const receiverCpu0 = receiverCpuSeconds();
  const t0 = performance.now();
  let logged = 0;
  // 10 ms ticks; each tick logs what the schedule says is due, so a slow tick catches up.
  while (performance.now() - t0 < seconds * 1000) {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    while (logged < due) {
      await kernel.events.log('bench', 'recording_triggered', 'info', { reason: 'bench', window_end: logged });
      logged += 1;
    }
    await sleep(10);
  }
  const loadEnd = performance.now();
  const loadAvg = os.loadavg();
  const expected = logged * subs;
  const drainDeadline = Date.now() + 120_000;
  const latencies = [];
  let repeats = 0;
  let requests = 0;
  let unique = 0;
  while (Date.now() < drainDeadline) {
    const s = await summary();
    // A loop, not push(...): hundreds of thousands of arguments overflow the call stack.
    for (const ms of s.latencies) latencies.push(ms);
    repeats = s.repeated;
    requests = s.requests;
    unique = s.unique;
    if (unique >= expected) break;
    await sleep(100);
  }
  const drainMs = performance.now() - loadEnd;
  const cpu = process.cpuUsage(cpu0);
  const wallS = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  console.log(`load: ${logged} events (${(logged / seconds).toFixed(0)}/s) × ${subs} subscriptions for ${seconds} s`);
  const outcome = unique >= expected ? `none lost, drained ${ms(drainMs)} after the last event` : `${expected - unique} still undelivered ${ms(drainMs)} after the last event (backlog, not dropped: they stay queued behind the cursors)`;
  console.log(`  delivered ${unique}/${expected}, ${requests - unique} repeated requests (${repeats} ids); ${outcome}`);
  console.log(`  latency p50 ${ms(percentile(latencies, 50))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? NaN)}`);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  console.log(`  Heldar CPU ${((cpuS / wallS) * 100).toFixed(0)}% of one core (logging + delivery), ${((cpuS / Math.max(1, unique)) * 1e6).toFixed(0)} µs per delivery; event loop busy ${(performance.eventLoopUtilization(elu0).utilization * 100).toFixed(0)}%`);
  console.log(`  receiver CPU ${(((receiverCpuSeconds() - receiverCpu0) / wallS) * 100).toFixed(0)}% of one core; load average ${loadAvg.map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
} finally {
  await kernel.close();
  receiver.send('exit');
  rmSync(dataDir, { recursive: true, force: true });
}
