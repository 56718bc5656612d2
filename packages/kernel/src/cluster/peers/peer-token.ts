import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** Info string of the HKDF that derives the node-to-node key: a different purpose, a different key. */
const KEY_INFO = 'heldar node-to-node request signing v1';

/** A signed request is good for at most this long: a leaked URL (a log line, a proxy) soon expires. */
export const MAX_PEER_TOKEN_MS = 5 * 60_000;

/** The query parameters a signed peer request carries beside its path. */
export interface PeerSignature {
  /** The node that signed it. */
  node: string;
  /** Expiry, UTC ms. */
  exp: number;
  /** base64url HMAC-SHA256 of `method path node exp`. */
  sig: string;
}

export type PeerTokenProblem = 'missing' | 'expired' | 'too-long' | 'forged';

/**
 * Signs and checks node-to-node requests with a key derived (HKDF-SHA256) from the at-rest secret key
 * every node of a cluster shares anyway (the camera passwords in the shared database are sealed with
 * it): no second secret to distribute, and the derived key signs nothing but peer requests.
 * A signature binds the method, the exact path, the signing node and the expiry.
 */
export class PeerTokenSigner {
  private readonly key: Buffer;

  constructor(secretKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', secretKey, Buffer.alloc(0), KEY_INFO, 32));
  }

  sign(method: string, path: string, node: string, exp: number): PeerSignature {
    return { node, exp, sig: this.mac(method, path, node, exp) };
  }

  /** Null when the signature is good for this request at `now`; else why not. */
  check(method: string, path: string, signature: Partial<Record<keyof PeerSignature, string>>, now: number): PeerTokenProblem | null {
    const { node, exp, sig } = signature;
    if (node === undefined || exp === undefined || sig === undefined || !/^\d{1,16}$/.test(exp)) return 'missing';
    const expMs = Number(exp);
    const wanted = Buffer.from(this.mac(method, path, node, expMs));
    const given = Buffer.from(sig);
    if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return 'forged';
    if (expMs <= now) return 'expired';
    if (expMs - now > MAX_PEER_TOKEN_MS) return 'too-long';
    return null;
  }

  private mac(method: string, path: string, node: string, exp: number): string {
    return createHmac('sha256', this.key).update(`${method.toUpperCase()}\n${path}\n${node}\n${exp}`).digest('base64url');
  }
}

/** A path with its signature as query parameters. */
export function signedPath(path: string, signature: PeerSignature): string {
  const query = new URLSearchParams({ node: signature.node, exp: String(signature.exp), sig: signature.sig });
  return `${path}?${query.toString()}`;
}
