// The benchmark's webhook receiver, in its own process so its CPU is not counted as Heldar's. Answers
// 204 at once; keeps, per delivery id, how many times it came and the latency of its first arrival
// (receive time − the event's `at`). The parent asks for a summary over IPC.
import http from 'node:http';

const seen = new Map();
const latencies = [];
let requests = 0;

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const now = Date.now();
    requests += 1;
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    const count = seen.get(body.delivery_id) ?? 0;
    if (count === 0) latencies.push(now - Date.parse(body.event.at));
    seen.set(body.delivery_id, count + 1);
    res.writeHead(204).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));

process.on('message', (message) => {
  if (message === 'summary') {
    let repeated = 0;
    for (const count of seen.values()) if (count > 1) repeated += 1;
    process.send({ requests, unique: seen.size, repeated, latencies: latencies.splice(0) });
  } else if (message === 'reset') {
    seen.clear();
    latencies.length = 0;
    requests = 0;
  } else if (message === 'exit') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});
