import { decideCatchUp, slackFor } from './catch-up';
import { LatencyClock } from './latency';
import { parseLiveMessage, type StreamMessage } from './live-messages';
import { canPlayLive, MediaBuffer } from './media-buffer';

/** What a live view shows around the picture. */
export interface LiveState {
  phase: 'connecting' | 'playing' | 'reconnecting' | 'refused' | 'failed';
  /** Why it is not playing (refused, failed, reconnecting after an end), for people. */
  message: string | null;
  /** The stream message's audio note (e.g. G.711 cannot be carried), when there is one. */
  audioNote: string | null;
  video: StreamMessage['video'] | null;
  /** Buffered end − current time, seconds. */
  edgeS: number | null;
  /** From the server receiving the picture shown to now, ms (see LatencyClock). */
  latencyMs: number | null;
}

export const INITIAL_LIVE_STATE: LiveState = { phase: 'connecting', message: null, audioNote: null, video: null, edgeS: null, latencyMs: null };

/** Reconnect delays (ms), the last repeating; back to the first after a stream started. */
const BACKOFF_MS = [500, 1000, 2000, 4000, 8000, 10_000];
/** A socket silent this long is taken for dead (a dropped network may never close it). */
const SILENCE_MS = 15_000;
const TICK_MS = 250;

/** The WebSocket address of a camera's live stream, on this page's host. */
export function liveSocketUrl(cameraId: string, stream: 'main' | 'sub'): string {
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${window.location.host}/api/cameras/${encodeURIComponent(cameraId)}/live?stream=${stream}`;
}

/**
 * A browser refuses to tell a page why a WebSocket upgrade failed (the close is always 1006), so after
 * a socket closes without a stream, the same address is asked over plain HTTP: the kernel's
 * authentication, origin check and limits answer it the same way, with the message to show.
 */
async function askWhyRefused(cameraId: string, stream: 'main' | 'sub'): Promise<{ status: number; message: string } | null> {
  try {
    const res = await fetch(`/api/cameras/${encodeURIComponent(cameraId)}/live?stream=${stream}`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (![401, 403, 404, 409, 429].includes(res.status)) return null;
    const body = (await res.json().catch(() => ({}))) as { message?: string; error?: string };
    // Authentication and the origin check answer plain HTTP as they answer an upgrade; past them, the
    // WebSocket route answers a request that is not an upgrade with a bare 404, which says nothing.
    if (res.status === 401 || res.status === 403) return { status: res.status, message: body.message ?? `Not allowed (HTTP ${res.status}).` };
    if (!body.message || body.message.startsWith('no route')) return null;
    return { status: res.status, message: body.message };
  } catch {
    // The network is down: the reconnect loop goes on.
    return null;
  }
}

/**
 * Plays a camera's live WebSocket stream in a <video> through Media Source Extensions: appends the
 * init segment and fragments, keeps near the live edge (catch-up), measures latency, and reconnects
 * with backoff when the connection drops — but not when the server refused it (signed out, not
 * allowed, unknown camera); then `state.message` says why.
 */
export class LivePlayer {
  private socket: WebSocket | null = null;
  private buffer: MediaBuffer | null = null;
  private gotStream = false;
  private attempt = 0;
  private retryTimer: number | undefined;
  private readonly ticker: number;
  private lastMessageAt = 0;
  /** Mean time between fragments (s), smoothed; sets how close to the edge the video is held. */
  private fragmentInterval: number | null = null;
  private lastFragmentAt = 0;
  private readonly clock = new LatencyClock();
  private state: LiveState = INITIAL_LIVE_STATE;
  private stopped = false;

  constructor(
    private readonly video: HTMLVideoElement,
    private readonly cameraId: string,
    private readonly stream: 'main' | 'sub',
    private readonly onState: (state: LiveState) => void,
  ) {
    this.ticker = window.setInterval(this.tick, TICK_MS);
    window.addEventListener('online', this.reconnectNow);
    this.connect();
  }

  private set(patch: Partial<LiveState>): void {
    this.state = { ...this.state, ...patch };
    this.onState(this.state);
  }

  private connect(): void {
    if (this.stopped) return;
    this.gotStream = false;
    const socket = new WebSocket(liveSocketUrl(this.cameraId, this.stream));
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    this.lastMessageAt = Date.now();
    socket.onmessage = (e: MessageEvent<string | ArrayBuffer>) => {
      if (this.socket !== socket) return;
      this.lastMessageAt = Date.now();
      if (typeof e.data === 'string') this.onText(e.data);
      else this.onBinary(e.data);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      void this.afterClose();
    };
  }

  private onText(text: string): void {
    const m = parseLiveMessage(text);
    if (!m) return;
    switch (m.type) {
      case 'stream':
        this.startStream(m);
        break;
      case 'sync':
        this.clock.add(m.decode_time_ms, Date.parse(m.received_at));
        break;
      case 'skipped':
        // The next fragment is a keyframe after a gap; the catch-up seeks over the gap.
        break;
      case 'end':
        this.set({ message: `The stream ended: ${m.reason}.` });
        break;
    }
  }

  private startStream(m: StreamMessage): void {
    this.buffer?.close();
    this.buffer = null;
    this.clock.clear();
    this.lastFragmentAt = 0;
    this.gotStream = true;
    this.attempt = 0;
    this.set({ audioNote: m.audio && !m.audio.included ? (m.audio.note ?? `The camera's audio (${m.audio.codec}) is not part of live view.`) : null, video: m.video });
    if (!canPlayLive(m.mime)) {
      this.fail(`This browser cannot play the live stream (${m.mime}).`);
      return;
    }
    // A new generation (ffmpeg restarted) starts a new timeline: a fresh MediaSource takes it
    // without the old one's timestamps in the way.
    this.buffer = new MediaBuffer(this.video, m.mime, this.onAppended, (message) => this.fail(message));
  }

  private onBinary(data: ArrayBuffer): void {
    if (!this.buffer) return;
    const now = performance.now();
    // Intervals after the first fragment of a stream (the init segment and the GOP so far come at once).
    if (this.lastFragmentAt > 0) {
      const dt = (now - this.lastFragmentAt) / 1000;
      if (dt > 0.01 && dt < 5) this.fragmentInterval = this.fragmentInterval === null ? dt : this.fragmentInterval * 0.9 + dt * 0.1;
    }
    this.lastFragmentAt = now;
    this.buffer.append(data);
  }

  private readonly onAppended = () => {
    if (this.state.phase !== 'playing' && !this.stopped) {
      this.set({ phase: 'playing', message: null });
      this.tick();
      // Muted, so the browser lets it start without a click.
      this.video.play().catch(() => undefined);
    }
  };

  private readonly tick = () => {
    if (this.stopped) return;
    if (this.socket && Date.now() - this.lastMessageAt > SILENCE_MS) {
      // Silent for too long: the network is gone without the socket noticing.
      this.socket.close();
      return;
    }
    const ranges = this.buffer?.ranges() ?? [];
    const action = decideCatchUp(ranges, this.video.currentTime, this.video.playbackRate, slackFor(this.fragmentInterval));
    if (action && 'seekTo' in action) this.video.currentTime = action.seekTo;
    else if (action) this.video.playbackRate = action.rate;
    if (this.video.paused && ranges.length > 0 && this.state.phase === 'playing') this.video.play().catch(() => undefined);
    const end = ranges[ranges.length - 1]?.[1];
    const edgeS = end === undefined ? null : Math.max(0, end - this.video.currentTime);
    const latencyMs = ranges.length > 0 ? this.clock.latencyMs(this.video.currentTime * 1000, Date.now()) : null;
    if (edgeS !== this.state.edgeS || latencyMs !== this.state.latencyMs) this.set({ edgeS, latencyMs });
  };

  private async afterClose(): Promise<void> {
    if (this.stopped) return;
    if (!this.gotStream) {
      const refusal = await askWhyRefused(this.cameraId, this.stream);
      if (this.stopped) return;
      if (refusal && refusal.status !== 429) {
        this.buffer?.close();
        this.buffer = null;
        this.set({ phase: 'refused', message: refusal.status === 401 ? 'Signed out: sign in again to watch live.' : refusal.message });
        return;
      }
      if (refusal) this.set({ message: refusal.message });
    }
    const delay = BACKOFF_MS[Math.min(this.attempt, BACKOFF_MS.length - 1)]!;
    this.attempt++;
    this.set({ phase: 'reconnecting', message: this.state.message ?? 'Connection lost.' });
    this.retryTimer = window.setTimeout(() => this.connect(), delay);
  }

  private readonly reconnectNow = () => {
    if (this.stopped || this.socket || this.state.phase === 'refused' || this.state.phase === 'failed') return;
    window.clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.connect();
  };

  private fail(message: string): void {
    this.set({ phase: 'failed', message });
    this.stop();
  }

  /** Closes the socket and frees the media; no reconnect after this. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    window.clearInterval(this.ticker);
    window.clearTimeout(this.retryTimer);
    window.removeEventListener('online', this.reconnectNow);
    const socket = this.socket;
    this.socket = null;
    // Closing a socket still connecting makes the browser log an error; let it open, then close.
    if (socket?.readyState === WebSocket.CONNECTING) socket.onopen = () => socket.close();
    else socket?.close();
    this.buffer?.close();
    this.buffer = null;
  }
}
