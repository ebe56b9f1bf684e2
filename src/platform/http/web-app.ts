import { existsSync, statSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { errorBody } from './error-handler.ts';

/** Where `npm run build` puts the back office and the portal (`web/vite.config.ts`). */
export const WEB_DIST_DIR = process.env.DULY_WEB_DIR ?? fileURLToPath(new URL('../../../dist/web', import.meta.url));

/**
 * Serves the two single-page apps the build produced: `/app/*` (back office) and `/portal/*`
 * (client portal), with their hashed assets under `/assets/`. Any deeper path of an app gets
 * its index.html so links into the app survive a reload; the app's router takes it from there.
 */
export async function registerWebApp(app: FastifyInstance, distDir = WEB_DIST_DIR) {
  await app.register(fastifyStatic, {
    root: join(distDir, 'assets'),
    prefix: '/assets/',
    // Hashed file names: a new build has new names, so a year of caching is safe.
    maxAge: '365d',
    immutable: true,
    index: false,
  });
  const sendIndex = (reply: FastifyReply, page: 'app' | 'portal') => {
    const file = join(distDir, page, 'index.html');
    if (!existsSync(file)) {
      return reply
        .status(503)
        .send(errorBody('web_app_not_built', 'The web app is not built yet: run `npm run build` (npm start does it for you).', reply.request.id));
    }
    return reply.header('cache-control', 'no-cache').sendFile(`${page}/index.html`, distDir, { cacheControl: false });
  };
  const appRoot = async (_request: unknown, reply: FastifyReply) => reply.redirect('/app/');
  app.get('/', { schema: { hide: true } }, appRoot);
  app.get('/app', { schema: { hide: true } }, appRoot);
  app.get('/app/*', { schema: { hide: true } }, async (_request, reply) => sendIndex(reply, 'app'));
  app.get('/portal', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/portal/'));
  app.get('/portal/*', { schema: { hide: true } }, async (request, reply) => {
    // Files the portal ships beside its page (web app manifest, icons) are served as they are.
    const wanted = (request.params as { '*': string })['*'];
    // The portal's API answers in JSON, also for a path it does not have.
    if (wanted.startsWith('api/')) {
      return reply.status(404).send(errorBody('route_not_found', `Unrecognised request URL. (${request.method} ${request.url})`, request.id));
    }
    const portalDir = resolve(distDir, 'portal');
    const file = normalize(join(portalDir, wanted));
    if (wanted && file.startsWith(portalDir + sep) && existsSync(file) && statSync(file).isFile()) {
      return reply.header('cache-control', 'no-cache').sendFile(file.slice(resolve(distDir).length + 1), distDir, { cacheControl: false });
    }
    return sendIndex(reply, 'portal');
  });
}
