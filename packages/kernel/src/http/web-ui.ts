import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The operator UI's build output: packages/web/dist, found from this file whether it runs from
 * packages/kernel/src/http (tests) or packages/kernel/dist/http (the built CLI).
 */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

// Paths the UI never owns: an unknown /api or /media path is a plain 404, never the SPA's page.
const NOT_UI = /^\/(api|media)(\/|$)/;

// The page loads only its own scripts; blob: is hls.js's worker and decoded snapshots, data: inline icons.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob:",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/**
 * Serves the built web UI at `/` when `root` holds an index.html: its files as they are (hashed
 * assets cached for a year), and index.html for every other GET path that is not /api or /media, so a
 * reload of `/cameras/front` opens the page the app routes to. The page itself is public; every API
 * call it makes is authenticated. Registers nothing (and logs why) when the UI is not built.
 */
export async function registerWebUi(app: FastifyInstance, root: string = DEFAULT_WEB_ROOT): Promise<boolean> {
  const index = path.join(root, 'index.html');
  if (!existsSync(index)) {
    app.log.info({ root }, 'web UI not built (no index.html): / serves nothing; run `npm run build`');
    return false;
  }
  // Encapsulated, so another feature that serves files with @fastify/static cannot collide with this one.
  await app.register(async (scope) => {
    // serve: false — only reply.sendFile; the one wildcard route below decides what a path means. Every
    // call passes `root`, so a sendFile decorated further up (by another feature) works as well.
    if (!scope.hasReplyDecorator('sendFile')) await scope.register(fastifyStatic, { root, serve: false });
    uiRoutes(scope, root);
  });
  return true;
}

function uiRoutes(app: FastifyInstance, root: string): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = decodePath(request.url);
    if (pathname === null || NOT_UI.test(pathname)) return reply.callNotFound();
    reply.headers({
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'same-origin',
    });
    const file = pathname === '/' ? null : staticFile(root, pathname);
    if (file !== null) {
      // Vite names assets by content hash: they never change under the same name.
      const immutable = file.startsWith('assets/');
      return reply.sendFile(file, root, { maxAge: immutable ? 365 * 24 * 3_600_000 : 0, immutable, cacheControl: true });
    }
    // A path with an extension that is not a file is a missing asset, not a page of the app.
    if (path.posix.extname(pathname) !== '') return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root, { cacheControl: false });
  };
  const options = { config: { access: { public: true } }, schema: { hide: true } };
  app.get('/', options, handler);
  app.get('/*', options, handler);
}

/** The path part of a URL, percent-decoded; null when it cannot be decoded or names a parent folder. */
function decodePath(url: string): string | null {
  const raw = url.split('?')[0] ?? '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // A malformed escape is answered like any unknown path.
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').includes('..') || decoded.includes('\\')) return null;
  return decoded;
}

/** The file under `root` that `pathname` names (relative, posix), or null when there is none. */
function staticFile(root: string, pathname: string): string | null {
  const relative = pathname.replace(/^\/+/, '');
  // Hidden files (.env, .git) are never part of a build: not served even if someone put them there.
  if (relative.split('/').some((part) => part.startsWith('.'))) return null;
  const full = path.resolve(root, relative);
  if (!full.startsWith(path.resolve(root) + path.sep)) return null;
  try {
    return statSync(full).isFile() ? relative : null;
  } catch {
    // Not there: the caller falls back to the app's page or a 404.
    return null;
  }
}
