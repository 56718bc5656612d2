#!/usr/bin/env node
// Auth cost benchmark: what authentication adds to every request, and what a sign-in costs.
//
// Build first (`npm run build`); imports the built kernel. Runs in-process through Fastify's inject
// (no sockets), so the figures are the auth hook's own cost, not network time. Prints:
//   - requests/s and µs per request: a public route (no auth), a bearer API key, a session cookie
//   - sign-in latency (argon2id verify + session row), p50/p95
//
// Usage: node bench/auth.mjs [--requests 5000] [--logins 20]
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { percentile } from './lib/proc.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { requests: { type: 'string', default: '5000' }, logins: { type: 'string', default: '20' } } });
const requests = Number(values.requests);
const logins = Number(values.logins);

const { loadConfig } = await import(join(root, 'packages/kernel/dist/config.js'));
const { createKernel } = await import(join(root, 'packages/kernel/dist/kernel.js'));
const { createLogger } = await import(join(root, 'packages/kernel/dist/logger.js'));

const dataDir = mkdtempSync(join(os.tmpdir(), 'heldar-bench-auth-'));
const config = loadConfig({ HELDAR_DATA_DIR: dataDir, HELDAR_RECORDER_ENABLED: 'false', HELDAR_LOG_LEVEL: 'silent', PATH: process.env.PATH });
const kernel = await createKernel(config, createLogger('silent'));
try {
  const auth = kernel.modules.auth;
  const { key } = await auth.keys.create({ name: 'bench', scopes: ['admin'] }, 'bench');
  await auth.users.create({ username: 'bench', password: 'bench password 1', role: 'admin' });
  const login = await kernel.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench', password: 'bench password 1' } });
  const cookie = `heldar_session=${login.cookies[0].value}`;

  async function perCall(label, fn) {
    for (let i = 0; i < 200; i++) await fn(); // warm-up
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < requests; i++) await fn();
    const us = Number(process.hrtime.bigint() - t0) / 1000 / requests;
    console.log(`${label}: ${us.toFixed(1)} µs per request (${(1e6 / us).toFixed(0)}/s on one core)`);
  }
  const token = cookie.slice('heldar_session='.length);
  console.log(`auth check, ${requests} calls each (what the onRequest hook adds to every request):`);
  await perCall('  bearer API key (parse, row by id, SHA-256, constant-time compare)', async () => {
    if ((await auth.keys.authenticate(key)) === null) throw new Error('key refused');
  });
  await perCall('  session cookie (SHA-256, session + user row)', async () => {
    if ((await auth.sessions.authenticate(token)) === null) throw new Error('session refused');
  });
  await perCall('  whole request GET /api/auth/me with the key, through Fastify inject', async () => {
    const res = await kernel.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${key}` } });
    if (res.statusCode !== 200) throw new Error(`me: ${res.statusCode}`);
  });

  const times = [];
  for (let i = 0; i < logins; i++) {
    const t0 = performance.now();
    const res = await kernel.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'bench', password: 'bench password 1' }, remoteAddress: `10.0.0.${i}` });
    if (res.statusCode !== 200) throw new Error(`login: ${res.statusCode}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`sign-in (argon2id 19 MiB, t=2): p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(times, 95).toFixed(0)} ms`);
} finally {
  await kernel.close();
  rmSync(dataDir, { recursive: true, force: true });
}
