/**
 * Glass latency from the `sync` messages: each maps a media time (the keyframe fragment's decode time)
 * to the wall time the server received that fragment. A frame shown at media time t arrived at about
 * receivedAt + (t − decodeTime) (the camera paces frames in real time), so now minus that is how long
 * ago the server had the picture on screen. The server stamps the fragment's last byte, so this reads
 * up to one fragment low; it also assumes the browser's and the server's clocks agree.
 */
export class LatencyClock {
  /** [media ms, received wall ms], oldest first, a few GOPs' worth. */
  private readonly points: [number, number][] = [];

  add(decodeTimeMs: number, receivedAt: number): void {
    if (!Number.isFinite(receivedAt)) return;
    this.points.push([decodeTimeMs, receivedAt]);
    if (this.points.length > 32) this.points.shift();
  }

  clear(): void {
    this.points.length = 0;
  }

  /** Wall time (UTC ms) the server received the frame at `mediaMs`, or null before any sync. */
  receivedAt(mediaMs: number): number | null {
    let best: [number, number] | undefined;
    for (const p of this.points) if (p[0] <= mediaMs + 1 && (!best || p[0] > best[0])) best = p;
    best ??= this.points[0];
    return best ? best[1] + (mediaMs - best[0]) : null;
  }

  /** Milliseconds from the server receiving the frame at `mediaMs` to `nowMs`. */
  latencyMs(mediaMs: number, nowMs: number): number | null {
    const at = this.receivedAt(mediaMs);
    return at === null ? null : nowMs - at;
  }
}
