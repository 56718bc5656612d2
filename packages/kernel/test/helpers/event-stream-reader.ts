import { bearer } from './auth.js';

export interface StreamedEvent {
  id: number;
  kind: string;
  camera_id: string | null;
  payload: Record<string, unknown>;
}

/** An open event stream: events (and their SSE ids) land in the arrays as they come, until `close()`. */
export interface OpenEventStream {
  events: StreamedEvent[];
  ids: string[];
  contentType: string | null;
  close(): void;
}

/** Reads GET /api/events/stream over real HTTP until `close()`; throws unless it answers 200. */
export async function readEventStream(base: string, key: string, query = '', headers: Record<string, string> = {}): Promise<OpenEventStream> {
  const abort = new AbortController();
  const res = await fetch(`${base}/api/events/stream?${query}`, { headers: { ...bearer(key), ...headers }, signal: abort.signal });
  if (res.status !== 200) throw new Error(`event stream answered ${res.status}`);
  const out: OpenEventStream = { events: [], ids: [], contentType: res.headers.get('content-type'), close: () => abort.abort() };
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
          const id = /^id: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (data === undefined) continue;
          if (id !== undefined) out.ids.push(id);
          out.events.push(JSON.parse(data) as StreamedEvent);
        }
      }
    } catch {
      // The test aborted the stream (or the kernel closed it): reading simply ends.
    }
  })();
  return out;
}
