import type { FastifyInstance } from 'fastify';

/**
 * The API docs page opened in a browser while signed out: instead of the 401 JSON a script gets,
 * send the person to the UI's sign-in page, which comes back here afterwards (`?next=`). Only for
 * pages a browser navigates to (GET, accepts HTML); /api/docs/json keeps its 401 for clients.
 */
export function redirectDocsToSignIn(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 401 || request.method !== 'GET') return payload;
    const path = request.url.split('?')[0] ?? '';
    if (!/^\/api\/docs(\/|\/static\/index\.html)?$/.test(path)) return payload;
    if (!(request.headers.accept ?? '').includes('text/html')) return payload;
    reply.code(302).header('location', `/?next=${encodeURIComponent('/api/docs')}`).header('content-type', 'text/plain; charset=utf-8');
    return 'Sign in first: redirecting to the sign-in page.';
  });
}
