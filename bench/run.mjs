#!/usr/bin/env node
// Every benchmark in turn, with default options (`npm run bench` builds first), or the ones named:
//   node bench/run.mjs [camsim recording capacity playback snapshot export ingest retention auth live-hls live metrics-scrape discovery-scan backup onvif-add failover]
// Several minutes in all; the figures go into the README's Performance table.
import { runScripts } from './lib/run-scripts.mjs';

const all = ['camsim', 'recording', 'capacity', 'playback', 'snapshot', 'export', 'ingest', 'retention', 'auth', 'live-hls', 'live', 'metrics-scrape', 'discovery-scan', 'backup', 'onvif-add', 'failover'];

const names = process.argv.slice(2);
const unknown = names.filter((n) => !all.includes(n));
if (unknown.length > 0) {
  process.stderr.write(`unknown benchmark(s): ${unknown.join(', ')}; choose from ${all.join(', ')}\n`);
  process.exit(2);
}
runScripts(names.length > 0 ? names : all);
