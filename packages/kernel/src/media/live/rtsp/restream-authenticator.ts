import { randomBytes } from 'node:crypto';
import { challenge, parseDigestAuthorization, verifyDigest } from '@heldar/rtsp';
import { denialReason } from '../../../auth/access-policy.js';
import type { RtspCredential } from '../../../auth/api-key.service.js';
import type { Principal } from '../../../auth/principal.js';

export const RESTREAM_REALM = 'Heldar';

export type RestreamAuthResult =
  | { ok: true; principal: Principal }
  /** 401 with a fresh challenge: no credentials, wrong ones, or a revoked key. */
  | { ok: false; status: 401 }
  /** 403: the key is right but may not watch (a worker- or metrics-only key). */
  | { ok: false; status: 403; reason: string };

/**
 * Digest authentication of the RTSP restream against API keys: the digest username is the key id,
 * the password the key's RTSP password (auth/rtsp-password.ts). One nonce per connection, so an
 * answer overheard on one connection is worth nothing on another. Viewing live needs what any
 * viewer route needs: an `integration` or `admin` key.
 */
export class RestreamAuthenticator {
  readonly nonce = randomBytes(16).toString('hex');

  constructor(private readonly credentialOf: (keyId: string) => Promise<RtspCredential | null>) {}

  challenge(): string {
    return challenge({ scheme: 'digest', realm: RESTREAM_REALM, nonce: this.nonce, username: '', password: '' });
  }

  async check(authorization: string | undefined, method: string): Promise<RestreamAuthResult> {
    const params = parseDigestAuthorization(authorization);
    const username = params?.get('username');
    if (params === undefined || username === undefined || !/^[0-9a-f]{16}$/.test(username)) return { ok: false, status: 401 };
    const credential = await this.credentialOf(username);
    if (credential === null) return { ok: false, status: 401 };
    const expected = { realm: RESTREAM_REALM, nonce: this.nonce, username, password: credential.password };
    if (!verifyDigest(params, method, expected)) return { ok: false, status: 401 };
    const principal = credential.principal;
    const reason = denialReason(principal, { public: false, minRole: 'viewer', scopes: [] });
    return reason === null ? { ok: true, principal } : { ok: false, status: 403, reason };
  }
}
