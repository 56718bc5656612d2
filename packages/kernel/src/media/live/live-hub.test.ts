import { describe, expect, it } from 'vitest';
import { StreamHub } from './live-hub.js';
import type { LiveFragment, LiveStreamInfo, LiveViewer } from './live-types.js';

type Seen = { kind: 'start'; generation: number } | { kind: 'fragment'; sequence: number } | { kind: 'skipped'; dropped: number } | { kind: 'end'; reason: string };

/** A viewer that records what it was given; its backlog is whatever the test sets. */
class FakeViewer implements LiveViewer {
  readonly seen: Seen[] = [];
  backlog = 0;
  throwOn: Seen['kind'] | undefined;

  start(info: LiveStreamInfo): void {
    this.record({ kind: 'start', generation: info.generation });
  }
  fragment(fragment: LiveFragment): void {
    this.record({ kind: 'fragment', sequence: fragment.sequence });
  }
  skipped(dropped: number): void {
    this.record({ kind: 'skipped', dropped });
  }
  end(reason: string): void {
    this.record({ kind: 'end', reason });
  }
  backlogBytes(): number {
    return this.backlog;
  }
  fragments(): number[] {
    return this.seen.flatMap((s) => (s.kind === 'fragment' ? [s.sequence] : []));
  }
  private record(s: Seen): void {
    if (this.throwOn === s.kind) throw new Error(`viewer broke on ${s.kind}`);
    this.seen.push(s);
  }
}

const INFO: Omit<LiveStreamInfo, 'generation'> = {
  mime: 'video/mp4; codecs="avc1.64001f"',
  codecs: 'avc1.64001f',
  video: { codec: 'avc1.64001f', width: 320, height: 240, timescale: 12800 },
  audio: null,
  init: Buffer.from('init'),
};

function fragment(keyframe: boolean, bytes = 1000): Omit<LiveFragment, 'generation' | 'sequence'> {
  return { keyframe, decodeTimeMs: 0, durationMs: 100, receivedAt: 0, data: Buffer.alloc(bytes) };
}

function newHub(counts: number[] = []) {
  return new StreamHub('cam', 'main', { maxViewerBacklogBytes: 4000 }, { viewersChanged: (n) => counts.push(n) });
}

describe('StreamHub', () => {
  it('gives a new viewer the init and the fragments since the last keyframe, then live ones', () => {
    const hub = newHub();
    hub.startGeneration(INFO);
    hub.publish(fragment(false)); // 1: before the first keyframe, useless to a viewer
    hub.publish(fragment(true)); // 2
    hub.publish(fragment(false)); // 3
    expect(hub.recent().map((f) => f.sequence)).toEqual([2, 3]);
    const viewer = new FakeViewer();
    hub.attach(viewer);
    hub.publish(fragment(false)); // 4
    expect(viewer.seen).toEqual([
      { kind: 'start', generation: 1 },
      { kind: 'fragment', sequence: 2 },
      { kind: 'fragment', sequence: 3 },
      { kind: 'fragment', sequence: 4 },
    ]);
  });

  it('makes a viewer that attached before any keyframe wait for one, without a skipped message', () => {
    const hub = newHub();
    const early = new FakeViewer();
    hub.attach(early);
    hub.publish(fragment(true)); // ignored: no init yet
    hub.startGeneration(INFO);
    hub.publish(fragment(false));
    hub.publish(fragment(true));
    expect(early.seen).toEqual([{ kind: 'start', generation: 1 }, { kind: 'fragment', sequence: 2 }]);
  });

  it('skips a viewer over its backlog limit to the next keyframe and tells it how many it missed', () => {
    const hub = newHub();
    hub.startGeneration(INFO);
    const slow = new FakeViewer();
    const fast = new FakeViewer();
    hub.attach(slow);
    hub.attach(fast);
    hub.publish(fragment(true)); // 1
    slow.backlog = 10_000;
    hub.publish(fragment(false)); // 2 dropped
    hub.publish(fragment(true)); // 3 dropped: still over the limit
    slow.backlog = 0;
    hub.publish(fragment(false)); // 4 dropped: not a keyframe
    hub.publish(fragment(true)); // 5
    expect(fast.fragments()).toEqual([1, 2, 3, 4, 5]);
    expect(slow.seen.slice(1)).toEqual([
      { kind: 'fragment', sequence: 1 },
      { kind: 'skipped', dropped: 3 },
      { kind: 'fragment', sequence: 5 },
    ]);
  });

  it('restarts every viewer on a new generation (the recorder restarted)', () => {
    const hub = newHub();
    hub.startGeneration(INFO);
    const viewer = new FakeViewer();
    hub.attach(viewer);
    hub.publish(fragment(true));
    const info = hub.startGeneration(INFO);
    expect(info.generation).toBe(2);
    expect(hub.recent()).toEqual([]);
    hub.publish(fragment(false)); // not sent: the new generation starts at a keyframe
    hub.publish(fragment(true));
    expect(viewer.seen).toEqual([
      { kind: 'start', generation: 1 },
      { kind: 'fragment', sequence: 1 },
      { kind: 'start', generation: 2 },
      { kind: 'fragment', sequence: 3 },
    ]);
  });

  it('detaches a viewer that throws and keeps serving the others', () => {
    const counts: number[] = [];
    const hub = newHub(counts);
    hub.startGeneration(INFO);
    const broken = new FakeViewer();
    const fine = new FakeViewer();
    hub.attach(broken);
    hub.attach(fine);
    broken.throwOn = 'fragment';
    hub.publish(fragment(true));
    hub.publish(fragment(false));
    expect(hub.viewerCount()).toBe(1);
    expect(fine.fragments()).toEqual([1, 2]);
    expect(counts).toEqual([1, 2, 1]);
  });

  it('detach is idempotent and end tells every viewer', () => {
    const hub = newHub();
    const a = new FakeViewer();
    const b = new FakeViewer();
    const detachA = hub.attach(a);
    hub.attach(b);
    detachA();
    detachA();
    expect(hub.viewerCount()).toBe(1);
    hub.end('the camera was deleted');
    expect(b.seen).toEqual([{ kind: 'end', reason: 'the camera was deleted' }]);
    expect(a.seen).toEqual([]);
    expect(hub.viewerCount()).toBe(0);
  });

  it('keeps no more than the size cap of one GOP for new viewers', () => {
    const hub = new StreamHub('cam', 'main', { maxViewerBacklogBytes: 4000, maxRecentBytes: 2500 });
    hub.startGeneration(INFO);
    hub.publish(fragment(true));
    hub.publish(fragment(false));
    expect(hub.recent()).toHaveLength(2);
    hub.publish(fragment(false));
    expect(hub.recent()).toHaveLength(0);
    hub.publish(fragment(false));
    expect(hub.recent()).toHaveLength(0);
    hub.publish(fragment(true));
    expect(hub.recent()).toHaveLength(1);
  });
});
