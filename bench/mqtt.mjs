#!/usr/bin/env node
// MQTT benchmark: events logged at a fixed rate reach a subscriber through a real mosquitto.
//
// Build first (`npm run build`); imports the built kernel, starts Debian's mosquitto on a free
// loopback port with a temp config, logs events at --rate per second for --seconds through the
// kernel's event log (database write included), and a subscriber counts `heldar/event_log`.
// Prints: sent, received (none may be lost), publish latency p50/p99 (log() call → subscriber),
// Heldar's CPU (this process: kernel + subscriber) and the machine's load.
//
// Usage: node bench/mqtt.mjs [--rate 1000] [--seconds 60]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { connectAsync } from 'mqtt';
import { percentile, sleep } from './lib/proc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { rate: { type: 'string', default: '1000' }, seconds: { type: 'string', default: '60' } } });
const rate = Number(values.rate);
const seconds = Number(values.seconds);

const { loadConfig } = await import(join(root, 'packages/kernel/dist/config.js'));
const { createKernel } = await import(join(root, 'packages/kernel/dist/kernel.js'));
const { createLogger } = await import(join(root, 'packages/kernel/dist/logger.js'));

const work = mkdtempSync(join(os.tmpdir(), 'heldar-bench-mqtt-'));
const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
writeFileSync(join(work, 'mosquitto.conf'), `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence false\nmax_queued_messages 1000000\n`);
const broker = spawn('/usr/sbin/mosquitto', ['-c', join(work, 'mosquitto.conf')], { stdio: 'ignore' });
const url = `mqtt://127.0.0.1:${port}`;
for (let i = 0; i < 100; i++) {
  const ok = await new Promise((r) => net.connect(port, '127.0.0.1').once('connect', function () { this.destroy(); r(true); }).once('error', () => r(false)));
  if (ok) break;
  await sleep(50);
}

const config = loadConfig({ HELDAR_DATA_DIR: join(work, 'data'), HELDAR_RECORDER_ENABLED: 'false', HELDAR_LOG_LEVEL: 'silent', HELDAR_MQTT_URL: url, PATH: process.env.PATH });
const kernel = await createKernel(config, createLogger('silent'));
await kernel.startRecording();
const sub = await connectAsync(url, { clientId: 'bench-sub' });
const latencies = [];
const seen = new Set();
sub.on('message', (_topic, payload) => {
  const e = JSON.parse(payload.toString());
  if (e.kind !== 'recording_triggered' || typeof e.payload.seq !== 'number') return;
  seen.add(e.payload.seq);
  latencies.push(performance.now() - e.payload.t);
});
await sub.subscribeAsync('heldar/event_log', { qos: 1 });
while (!kernel.modules.mqtt.status().connected) await sleep(20);

const cpu0 = process.cpuUsage();
const start = performance.now();
let sent = 0;
const total = rate * seconds;
while (sent < total) {
  const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
  while (sent < due) {
    await kernel.events.log('bench', 'recording_triggered', 'info', { reason: 'bench', seq: sent, t: performance.now() });
    sent++;
  }
  await sleep(5);
}
const sendSeconds = (performance.now() - start) / 1000;
const deadline = Date.now() + 30_000;
while (seen.size < sent && Date.now() < deadline) await sleep(50);
const cpu = process.cpuUsage(cpu0);
const wall = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
console.log(`mqtt: ${sent} events in ${sendSeconds.toFixed(1)} s (${(sent / sendSeconds).toFixed(0)}/s), received ${seen.size}, lost ${sent - seen.size}`);
console.log(`  publish latency (log() → subscriber): p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`);
console.log(`  CPU of this process (kernel + subscriber): ${(((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(0)}% of one core; status ${JSON.stringify(kernel.modules.mqtt.status())}`);
console.log(`  load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores`);
await sub.endAsync();
await kernel.close();
broker.kill('SIGKILL');
rmSync(work, { recursive: true, force: true });
process.exit(sent === seen.size ? 0 : 1);
