/**
 * Building a camera's stream URL from its fields. Keeping the credentials out of what people and
 * other systems read is secrets/credential-mask.ts, below the features, so events/ masks without
 * depending on cameras/.
 */

export interface StreamSource {
  stream_url: string | null;
  address: string | null;
  port: number | null;
  path: string | null;
  username: string | null;
  password: string | null;
}

/**
 * The URL ffmpeg should open for a camera, or null when the camera has neither an explicit
 * `stream_url` nor an `address`. Credentials are percent-encoded, so a password such as `p@ss:w/rd`
 * cannot be mistaken for the host or path. Credentials given separately are added to an explicit
 * URL that has none of its own.
 */
export function recordUrl(source: StreamSource): string | null {
  if (source.stream_url) return withCredentials(source.stream_url, source.username, source.password);
  if (!source.address) return null;
  const host = source.address.includes(':') && !source.address.startsWith('[') ? `[${source.address}]` : source.address;
  const port = source.port ? `:${source.port}` : '';
  const rawPath = source.path ?? '';
  const pathPart = rawPath === '' ? '/' : rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  return `rtsp://${userinfo(source.username, source.password)}${host}${port}${pathPart}`;
}

function userinfo(username: string | null, password: string | null): string {
  if (!username) return '';
  const user = encodeURIComponent(username);
  return password ? `${user}:${encodeURIComponent(password)}@` : `${user}@`;
}

function withCredentials(url: string, username: string | null, password: string | null): string {
  if (!username) return url;
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!match) return url;
  const [, scheme = '', authority = '', rest = ''] = match;
  if (authority.includes('@')) return url;
  return `${scheme}${userinfo(username, password)}${authority}${rest}`;
}
