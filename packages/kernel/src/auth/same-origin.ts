/**
 * Where a browser says a request comes from (Origin, else Referer) compared with the host it was
 * sent to. Returns 'same', 'cross', or 'unknown' when the request carries neither header (not a
 * browser, or a very old one).
 */
export function classifyOrigin(headers: { origin?: string | undefined; referer?: string | undefined }, host: string | undefined): 'same' | 'cross' | 'unknown' {
  const source = headers.origin ?? headers.referer;
  if (source === undefined || source === '') return 'unknown';
  if (host === undefined || host === '') return 'cross';
  let url: URL;
  try {
    // Origin "null" (sandboxed frames, file://) does not parse: cross-site.
    url = new URL(source);
  } catch {
    return 'cross';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'cross';
  const defaultPort = url.protocol === 'https:' ? '443' : '80';
  const target = splitHost(host);
  if (target === null) return 'cross';
  const sameName = url.hostname.toLowerCase() === target.name.toLowerCase();
  const samePort = (url.port || defaultPort) === (target.port ?? defaultPort);
  return sameName && samePort ? 'same' : 'cross';
}

/** `example.com:8080` / `[::1]:8080` / `example.com` → name and optional port. */
function splitHost(host: string): { name: string; port: string | undefined } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(host.trim());
  return match ? { name: match[1]!, port: match[2] } : null;
}
