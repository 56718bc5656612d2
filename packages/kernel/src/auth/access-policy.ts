import type { KeyScope, Principal, Role, RouteAccess } from './principal.js';

/** What a route requires, with every default filled in. */
export interface EffectiveAccess {
  public: boolean;
  minRole: Role;
  scopes: readonly KeyScope[];
}

export const ROLE_RANK: Readonly<Record<Role, number>> = { viewer: 0, operator: 1, admin: 2 };

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Access for core routes whose owners declare none and whose method default does not fit the roles of docs/security.md.
 * A route's own `config.access` always wins over this table. Keyed `METHOD /route/pattern`.
 * - Adding or removing a camera changes what the site records and (with `purge`) destroys footage:
 *   admin. Changing a camera's recording (PATCH, schedules, triggers) is the operator's daily work.
 * - Viewers may watch recordings (docs/security.md: "live/playback only"), and opening a playback session
 *   is a POST; closing it a DELETE.
 */
const CORE_ROUTE_ACCESS: Readonly<Record<string, RouteAccess>> = {
  'POST /api/cameras': { minRole: 'admin' },
  'DELETE /api/cameras/:id': { minRole: 'admin' },
  'POST /api/playback': { minRole: 'viewer' },
  'DELETE /api/playback/:id': { minRole: 'viewer' },
};

/**
 * Body fields only an admin may change on a route an operator may otherwise call. An operator who
 * could point a camera at another address would have the recorder send the camera's stored
 * credentials there; reading them is an admin's privilege, so changing where they go is too.
 */
export const ADMIN_ONLY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'PATCH /api/cameras/:id': ['stream_url', 'sub_stream_url', 'address', 'port', 'path', 'username', 'password', 'onvif_url'],
};

/** The access rules of a route: its own declaration, else the table above, else the method default. */
export function effectiveAccess(method: string, url: string | undefined, declared: RouteAccess | undefined): EffectiveAccess {
  const lookup = method === 'HEAD' ? 'GET' : method;
  const base = declared ?? (url === undefined ? undefined : CORE_ROUTE_ACCESS[`${lookup} ${url}`]) ?? {};
  return {
    public: base.public === true,
    minRole: base.minRole ?? (SAFE_METHODS.has(method) ? 'viewer' : 'operator'),
    scopes: base.scopes ?? [],
  };
}

/** The role an API key acts with: `admin` → admin, `integration` → operator, worker- or metrics-only → viewer (nominal). */
export function roleOfScopes(scopes: readonly KeyScope[]): Role {
  if (scopes.includes('admin')) return 'admin';
  if (scopes.includes('integration')) return 'operator';
  return 'viewer';
}

export function hasRole(principal: Principal, minRole: Role): boolean {
  return ROLE_RANK[principal.role] >= ROLE_RANK[minRole];
}

/**
 * Whether `principal` may call a route with `access`: null when it may, else the reason (for a 403).
 * Users are checked by role. API keys: a route that lists scopes admits keys holding one of them (and
 * admin keys); any other route admits `admin` and `integration` keys by the role they grant, and
 * never a worker- or metrics-only key.
 */
export function denialReason(principal: Principal, access: EffectiveAccess): string | null {
  if (principal.kind === 'api_key') {
    if (principal.scopes.includes('admin')) return null;
    if (access.scopes.length > 0) {
      return principal.scopes.some((s) => access.scopes.includes(s))
        ? null
        : `this call needs an API key with the ${access.scopes.join(' or ')} scope`;
    }
    if (!principal.scopes.includes('integration')) {
      return principal.scopes.includes('worker')
        ? 'a worker key may only call the worker API; use an integration or admin key'
        : 'a metrics key may only scrape GET /metrics; use an integration or admin key';
    }
  }
  return hasRole(principal, access.minRole) ? null : `this call needs the ${access.minRole} role (you are ${principal.role})`;
}
