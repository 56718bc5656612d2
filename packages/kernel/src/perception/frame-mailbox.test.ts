import { describe, expect, it } from 'vitest';
import type { Frame } from './frame-hub.js';
import { FrameMailbox, type FrameSocket } from './frame-mailbox.js';

const LIMITS = { maxCredits: 4, maxBufferedBytes: 1000, maxAgeMs: 30_000 };
let now = 1_000_000;
let seq = 0;
const frame = (cameraId: string, capturedAt = now): Frame => ({ id: `f${++seq}`, cameraId, seq, capturedAt, width: 2, height: 2, jpeg: Buffer.alloc(100) });

function socket(): FrameSocket & { sent: Buffer[]; backlog: number } {
  const s = {
    sent: [] as Buffer[],
    backlog: 0,
    get bufferedAmount() {
      return s.backlog;
    },
    send: (data: Buffer | string) => void s.sent.push(Buffer.from(data)),
    close: () => undefined,
  };
  return s;
}

/** The frame id inside a pushed message (after the 4-byte header length). */
const idOf = (message: Buffer) => (JSON.parse(message.subarray(4, 4 + message.readUInt32BE(0)).toString()) as { frame_id: string }).frame_id;

describe('FrameMailbox', () => {
  it('sends one frame per credit and keeps only the newest frame per camera meanwhile, counting drops', () => {
    const drops: string[] = [];
    const box = new FrameMailbox(null, LIMITS, () => now, (c) => drops.push(c));
    const ws = socket();
    box.connect(ws);
    const a1 = frame('a');
    box.offer(a1); // no credit yet: waits
    const a2 = frame('a');
    box.offer(a2); // replaces a1: a drop
    box.offer(frame('b', now - 10));
    expect(ws.sent).toEqual([]);
    expect(drops).toEqual(['a']);
    box.grant(1);
    expect(ws.sent.map(idOf)).toEqual([`f${seq}`]); // b, captured first, goes first
    box.grant(10); // capped at 4
    expect(ws.sent.map(idOf)).toEqual([`f${seq}`, a2.id]);
    expect(box.creditsLeft).toBe(3);
    expect(box.stats).toEqual({ frames_sent: 2, frames_dropped: 1, frames_skipped: 0 });
  });

  it('holds frames back while the socket has a backlog, and drops frames that got too old', () => {
    const box = new FrameMailbox(null, LIMITS, () => now, () => undefined);
    const ws = socket();
    box.connect(ws);
    ws.backlog = 5000;
    box.grant(2);
    box.offer(frame('a'));
    expect(ws.sent).toEqual([]);
    ws.backlog = 0;
    now += 31_000; // the camera stopped; its last frame is stale
    box.grant(1);
    expect(ws.sent).toEqual([]);
    expect(box.stats.frames_dropped).toBe(1);
  });

  it('skips frames to keep to the worker fps, without calling that a drop', () => {
    const box = new FrameMailbox(2, LIMITS, () => now, () => undefined);
    box.connect(socket());
    box.grant(4);
    for (let i = 0; i < 10; i++) box.offer(frame('a', now + i * 100)); // 10 fps for 1 s
    expect(box.stats).toEqual({ frames_sent: 2, frames_dropped: 0, frames_skipped: 8 });
  });

  it('answers pulls at once or when a frame arrives, and gives up on time or when cancelled', async () => {
    const box = new FrameMailbox(null, LIMITS, () => now, () => undefined);
    const waiting = box.pull(5000, new AbortController().signal);
    const f = frame('a');
    box.offer(f);
    expect(await waiting).toBe(f);
    expect(await box.pull(10, new AbortController().signal)).toBeNull();
    const cancel = new AbortController();
    const cancelled = box.pull(5000, cancel.signal);
    cancel.abort();
    expect(await cancelled).toBeNull();
    const released = box.pull(5000, new AbortController().signal);
    box.releasePulls();
    expect(await released).toBeNull();
    expect(box.stats.frames_sent).toBe(1);
  });
});
