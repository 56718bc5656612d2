/**
 * Who is making a request, as every route sees it after authentication (`request.principal`), and how
 * a route says who may call it. This is the contract between the auth module and every feature.
 */
export type Role = 'viewer' | 'operator' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'operator', 'admin'];

/**
 * API key scopes: `worker` for perception workers, `integration` for apps, `admin` for automation,
 * `metrics` for a Prometheus scraping GET /metrics (and nothing else).
 */
export type KeyScope = 'worker' | 'integration' | 'admin' | 'metrics';
export const KEY_SCOPES: readonly KeyScope[] = ['worker', 'integration', 'admin', 'metrics'];

export interface Principal {
  kind: 'user' | 'api_key';
  /** User id or API key id. */
  id: string;
  /** User name or key name: what the audit log and export manifests show. */
  name: string;
  role: Role;
  /** For API keys: the key's scopes; users have none. */
  scopes: readonly KeyScope[];
}

/**
 * Per-route access, set in the route options: `config: { access: { minRole: 'viewer' } }`.
 * - `public: true` — no authentication (only `GET /api/health`).
 * - `minRole` — defaults: GET/HEAD → viewer, other methods → operator.
 * - `scopes` — API keys must hold one of these scopes (e.g. `['worker']` for the worker contract);
 *   a key without them gets 403 even if its role would do. Holding a listed scope is enough for a key
 *   (the scope is the permission); `admin` keys pass every route. Users are checked by role only.
 *   A key with only the `worker` scope reaches nothing but routes that list `worker`.
 */
export interface RouteAccess {
  public?: boolean;
  minRole?: Role;
  scopes?: readonly KeyScope[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth hook for every non-public route; undefined only on public routes. */
    principal?: Principal;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
    /**
     * `false`: calls of this route are not written to the audit log. Only for high-rate machine
     * traffic (e.g. detection ingest) or routes that write their own, more specific audit rows.
     */
    audit?: boolean;
  }
}
