/**
 * Keeping credentials out of everything a person or another system can read (API responses, logs,
 * events, stored error text). A foundation module: cameras/, events/, recording/ and perception/ all
 * mask through it.
 */

export const MASK = '***';

// scheme:// followed by the authority (up to the path, query, fragment or whitespace).
const URL_AUTHORITY = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)/gi;

/**
 * Query parameters that carry a credential on some cameras and services
 * (`rtsp://cam/stream?user=admin&password=…`, `…?token=…`): their values are masked like the
 * password of the user part. The user name stays readable, as it does in `user:***@host`.
 */
const CREDENTIAL_PARAMS = [
  'password', 'passwd', 'pwd', 'pass', 'pw', 'passphrase', 'secret', 'client_secret',
  'token', 'access_token', 'auth_token', 'auth', 'authkey', 'auth_key', 'key', 'api_key', 'apikey', 'sig', 'signature',
];
// A parameter name after ? & or ; (case-insensitive), its value up to the next separator, quote or space.
const CREDENTIAL_PARAM = new RegExp(`([?&;](?:${CREDENTIAL_PARAMS.join('|')})=)([^&;#\\s"'<>]+)`, 'gi');

/** Whether a URL query parameter's value is a credential (and so is masked). */
export function isCredentialParam(name: string): boolean {
  return CREDENTIAL_PARAMS.includes(name.toLowerCase());
}

/** Masks the password of a URL: `rtsp://admin:secret@cam/x` → `rtsp://admin:***@cam/x`, `…?password=secret` → `…?password=***`. */
export function maskUrl(url: string): string {
  return maskText(url);
}

/**
 * Masks credentials in free text (ffmpeg's stderr, error messages): the password of every
 * `scheme://user:password@host`, the value of every credential query parameter (`?password=…`,
 * `&token=…`; see CREDENTIAL_PARAMS) and, when given, every literal secret and its percent-encoded form
 * (which also covers a password whose unencoded `/` hides where the authority ends).
 */
export function maskText(text: string, secrets: readonly (string | null | undefined)[] = []): string {
  // Literal secrets first: an unencoded '/' in a password hides where a URL's authority ends.
  let out = text;
  for (const secret of secrets) {
    // Very short secrets would mask random letters of ordinary text; the URL rule still covers them.
    if (!secret || secret.length < 3) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      out = out.split(form).join(MASK);
    }
  }
  out = out.replace(CREDENTIAL_PARAM, (_whole, name: string) => `${name}${MASK}`);
  return out.replace(URL_AUTHORITY, (whole, scheme: string, authority: string) => {
    // The LAST '@' ends the userinfo: people paste passwords with an unencoded '@' in them.
    const at = authority.lastIndexOf('@');
    if (at < 0) return whole;
    const info = authority.slice(0, at);
    const colon = info.indexOf(':');
    if (colon < 0) return whole;
    return `${scheme}${info.slice(0, colon)}:${MASK}${authority.slice(at)}`;
  });
}
