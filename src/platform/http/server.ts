import { randomBytes } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { type FastifyPluginAsyncZod, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from '../../app-context.ts';
import { loadConfig } from '../config.ts';
import { ERROR_CODES } from '../errors.ts';
import { registerApiKeyAuth } from './auth.ts';
import { errorBody, handleError } from './error-handler.ts';
import { errorResponses } from './error-responses.ts';
import { registerIdempotency } from './idempotency.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerTextGuard } from './text-guard.ts';
import { registerWebApp } from './web-app.ts';

export type ServerOptions = { logger: boolean | { level: string }; routes: FastifyPluginAsyncZod[] };

/** Fastify with our error model, API-key auth, idempotency and OpenAPI; modules bring their routes. */
export async function buildServer(ctx: AppContext, options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger,
    genReqId: () => `req_${randomBytes(8).toString('hex')}`,
    bodyLimit: 1_048_576,
    // Behind a TLS-terminating proxy: believe its X-Forwarded-Proto/For (HSTS, Secure cookies, client IPs).
    trustProxy: loadConfig().trustProxy,
  });
  registerSecurityHeaders(app);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) => {
    reply.status(404).send(errorBody('route_not_found', `${ERROR_CODES.route_not_found.message} (${req.method} ${req.url})`, req.id));
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Duly API',
        version: '1',
        description:
          'Billing, autopay and collections for small service businesses. Authenticate with `Authorization: Bearer <api key>`. ' +
          'Send `Idempotency-Key` on POST. Errors have the shape `{ "error": { "type", "code", "message", "param", "request_id" } }`.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  const errors = errorResponses();
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1/')) return;
    route.schema = { ...route.schema, response: { ...errors, ...(route.schema?.response as object | undefined) } };
  });
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  registerApiKeyAuth(app, ctx);
  registerIdempotency(app, ctx);
  registerTextGuard(app);
  await registerWebApp(app);
  for (const routes of options.routes) await app.register(routes);
  return app;
}
