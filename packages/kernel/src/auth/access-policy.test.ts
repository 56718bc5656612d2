import { describe, expect, it } from 'vitest';
import { denialReason, effectiveAccess, roleOfScopes } from './access-policy.js';
import type { KeyScope, Principal, Role } from './principal.js';

const user = (role: Role): Principal => ({ kind: 'user', id: `usr_${role}`, name: role, role, scopes: [] });
const key = (...scopes: KeyScope[]): Principal => ({ kind: 'api_key', id: 'k', name: scopes.join('+'), role: roleOfScopes(scopes), scopes });

describe('effectiveAccess', () => {
  it.each([
    ['GET', '/api/cameras', undefined, { public: false, minRole: 'viewer', scopes: [] }],
    ['HEAD', '/api/cameras', undefined, { public: false, minRole: 'viewer', scopes: [] }],
    ['POST', '/api/cameras/:id/trigger', undefined, { public: false, minRole: 'operator', scopes: [] }],
    ['PATCH', '/api/cameras/:id', undefined, { public: false, minRole: 'operator', scopes: [] }],
    ['POST', '/api/cameras', undefined, { public: false, minRole: 'admin', scopes: [] }],
    ['DELETE', '/api/cameras/:id', undefined, { public: false, minRole: 'admin', scopes: [] }],
    ['POST', '/api/playback', undefined, { public: false, minRole: 'viewer', scopes: [] }],
    ['GET', '/api/health', { public: true }, { public: true, minRole: 'viewer', scopes: [] }],
    ['POST', '/api/detections', { scopes: ['worker'] as const }, { public: false, minRole: 'operator', scopes: ['worker'] }],
    // A route's own declaration wins over the table of core routes.
    ['POST', '/api/cameras', { minRole: 'operator' as const }, { public: false, minRole: 'operator', scopes: [] }],
    ['DELETE', undefined, undefined, { public: false, minRole: 'operator', scopes: [] }],
  ])('%s %s %j', (method, url, declared, expected) => {
    expect(effectiveAccess(method, url, declared)).toEqual(expected);
  });
});

describe('denialReason', () => {
  const viewerRoute = effectiveAccess('GET', '/api/cameras', undefined);
  const operatorRoute = effectiveAccess('POST', '/api/cameras/:id/trigger', undefined);
  const adminRoute = effectiveAccess('GET', '/api/users', { minRole: 'admin' });
  const workerRoute = effectiveAccess('POST', '/api/detections', { scopes: ['worker'] });
  const anyKeyRoute = effectiveAccess('GET', '/api/auth/me', { minRole: 'viewer', scopes: ['worker', 'integration', 'admin'] });

  // [principal, route, allowed]
  const cases: [string, Principal, typeof viewerRoute, boolean][] = [
    ['viewer reads', user('viewer'), viewerRoute, true],
    ['viewer mutates', user('viewer'), operatorRoute, false],
    ['viewer manages users', user('viewer'), adminRoute, false],
    ['operator mutates', user('operator'), operatorRoute, true],
    ['operator manages users', user('operator'), adminRoute, false],
    ['admin manages users', user('admin'), adminRoute, true],
    ['operator on a worker route (users go by role)', user('operator'), workerRoute, true],
    ['viewer on a worker route', user('viewer'), workerRoute, false],
    ['worker key on a worker route', key('worker'), workerRoute, true],
    ['worker key reads cameras', key('worker'), viewerRoute, false],
    ['worker key mutates', key('worker'), operatorRoute, false],
    ['worker key asks who it is', key('worker'), anyKeyRoute, true],
    ['integration key reads', key('integration'), viewerRoute, true],
    ['integration key mutates', key('integration'), operatorRoute, true],
    ['integration key manages users', key('integration'), adminRoute, false],
    ['integration key on a worker route', key('integration'), workerRoute, false],
    ['integration+worker key on a worker route', key('worker', 'integration'), workerRoute, true],
    ['admin key manages users', key('admin'), adminRoute, true],
    ['admin key on a worker route', key('admin'), workerRoute, true],
  ];
  it.each(cases)('%s', (_what, principal, access, allowed) => {
    expect(denialReason(principal, access) === null).toBe(allowed);
  });

  it('says what is missing', () => {
    expect(denialReason(user('viewer'), operatorRoute)).toBe('this call needs the operator role (you are viewer)');
    expect(denialReason(key('integration'), workerRoute)).toBe('this call needs an API key with the worker scope');
    expect(denialReason(key('worker'), viewerRoute)).toBe('a worker key may only call the worker API; use an integration or admin key');
    expect(denialReason(key('metrics'), viewerRoute)).toBe('a metrics key may only scrape GET /metrics; use an integration or admin key');
  });

  it('maps key scopes to roles', () => {
    expect(roleOfScopes(['admin'])).toBe('admin');
    expect(roleOfScopes(['worker', 'integration'])).toBe('operator');
    expect(roleOfScopes(['worker'])).toBe('viewer');
    expect(roleOfScopes(['metrics'])).toBe('viewer');
  });
});
