// One worker process for bench/ingest.mjs's fan-out: the SDK (built), a fake model that takes
// WORK_MS per frame, CONCURRENCY frames at once. Prints "ready", and its stats as JSON on SIGTERM.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { createWorker } = await import(`${root}packages/sdk/dist/index.js`);
const name = process.env.WORKER_NAME ?? 'bench';
const workMs = Number(process.env.WORK_MS ?? 0);
let frames = 0;
const latencies = [];
const worker = createWorker({
  url: process.env.HELDAR_URL,
  apiKey: process.env.HELDAR_API_KEY,
  name,
  version: '1',
  labels: ['thing'],
  concurrency: Number(process.env.CONCURRENCY ?? 1),
  onError: (e) => process.stderr.write(`${name}: ${e.message}\n`),
  onFrame: async (frame) => {
    frames += 1;
    latencies.push(Date.now() - frame.capturedAt.getTime());
    if (workMs > 0) await new Promise((r) => setTimeout(r, workMs));
    return undefined; // the fan-out benchmark measures delivery, not ingest
  },
});
await worker.start();
console.log(`ready ${worker.workerId}`);
process.once('SIGTERM', () => {
  console.log(JSON.stringify({ name, frames, latencies }));
  void worker.stop().then(() => process.exit(0));
});
