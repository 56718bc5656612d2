import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: http.IncomingHttpHeaders;
  /** The body exactly as it arrived (what the signature covers). */
  raw: string;
  body: { delivery_id: string; webhook_id: string; event: { id: number | null; kind: string; severity: string; camera_id: string | null; payload: Record<string, unknown>; at: string } };
  receivedAt: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** The status the next requests get (default 200). */
  answer: (delivery: ReceivedDelivery) => number;
  /** How long the receiver takes before it answers (default 0). */
  delayMs: number;
  /** The most requests it held unanswered at once (pipelining). */
  maxConcurrent: number;
  close(): Promise<void>;
}

/** A real HTTP receiver on loopback that keeps every request it gets; reach it with HELDAR_OUTBOUND_ALLOW=127.0.0.1. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    answer: () => 200,
    delayMs: 0,
    maxConcurrent: 0,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  let open = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const delivery: ReceivedDelivery = { headers: req.headers, raw, body: JSON.parse(raw) as ReceivedDelivery['body'], receivedAt: Date.now() };
      receiver.received.push(delivery);
      const status = receiver.answer(delivery);
      receiver.maxConcurrent = Math.max(receiver.maxConcurrent, ++open);
      setTimeout(() => {
        open -= 1;
        res.writeHead(status, { 'content-type': 'text/plain' }).end('thanks');
      }, receiver.delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return receiver;
}
