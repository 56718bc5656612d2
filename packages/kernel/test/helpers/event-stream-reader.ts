import { bearer } from './auth.js';

export interface StreamedEvent {
  id: number;
  kind: string;
  camera_id: string | null;
  payload: Record<string, unknown>;
}

/** Reads GET /api/events/stream over real HTTP until `close()`; events land in `events` as they come. */
export async function readEventStream(base: string, key: string, query = ''): Promise<{ events: StreamedEvent[]; close(): void }> {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/events/stream?${query}`, { headers: bearer(key), signal: abort.signal });
  if (res.status !== 200) throw new Error(`event stream answered ${res.status}`);
  const events: StreamedEvent[] = [];
  void (async () => {
    const decoder = new TextDecoder();
    let text = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        text += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = text.indexOf('\n\n')) >= 0) {
          const block = text.slice(0, end);
          text = text.slice(end + 2);
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data !== undefined) events.push(JSON.parse(data) as StreamedEvent);
        }
      }
    } catch {
      // The test aborted the stream (or the kernel closed it): reading simply ends.
    }
  })();
  return { events, close: () => abort.abort() };
}
