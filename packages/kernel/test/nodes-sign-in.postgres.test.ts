import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE } from '../src/auth/login-throttle.js';
import { addUser } from './helpers/auth.js';
import { startTestCluster, type TestCluster, type TestNode } from './helpers/two-nodes.js';

// The sign-in throttle counts in the shared database: a client spreading its guesses over the nodes
// gets the same number of guesses as against one node.

let cluster: TestCluster;
let a: TestNode;
let b: TestNode;

beforeAll(async () => {
  cluster = await startTestCluster(['node-a', 'node-b']);
  [a, b] = cluster.nodes as [TestNode, TestNode];
});

afterAll(async () => {
  await cluster?.dispose();
});

async function signIn(node: TestNode, username: string, password: string): Promise<Response> {
  return fetch(`${node.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

describe('sign-in limits across nodes', () => {
  it('refuses on B a user name and address that failed on A', async () => {
    const gina = await addUser(a.kernel, 'gina', 'viewer');
    for (let i = 0; i < DEFAULT_THROTTLE.maxPerPair; i++) expect((await signIn(a, 'gina', `wrong guess ${i}`)).status).toBe(401);
    const refused = await signIn(b, 'gina', gina.password);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe(String(DEFAULT_THROTTLE.pairLockMs / 1000));
    expect(await refused.json()).toEqual({ error: 'too_many_requests', message: 'too many failed sign-ins; try again in 1 min' });
  });

  it('checks at most the limit of parallel guesses spread over both nodes', async () => {
    await addUser(b.kernel, 'hank', 'viewer');
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => signIn(i % 2 === 0 ? a : b, 'hank', `guess ${i}`)));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(DEFAULT_THROTTLE.maxPerPair);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20 - DEFAULT_THROTTLE.maxPerPair);
  });
});
