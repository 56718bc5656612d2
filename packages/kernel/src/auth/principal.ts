/**
 * Who is making a request, as every route sees it after authentication (`request.principal`), and how
 * a route says who may call it. This is the contract between the auth module and every feature.
 */
export type Role = 'viewer' | 'operator' | 'admin';

/** API key scopes: `worker` for perception workers, `integration` for apps, `admin` for automation. */
export type KeyScope = 'worker' | 'integration' | 'admin';

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
 *   a key without them gets 403 even if its role would do.
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
  }
}
