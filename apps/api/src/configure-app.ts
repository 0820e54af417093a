import { Logger as NestLogger } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import helmet from 'helmet';
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { Logger } from 'nestjs-pino';
import { ApiExceptionFilter } from './common/filters/api-exception.filter';
import { createValidationPipe } from './common/pipes/validation.pipe';
import { createOpenApiDocument } from './openapi-document';
import { AppConfig } from './services/config/app-config';

export const API_PREFIX = 'api';

/**
 * How long an idle keep-alive connection stays open: longer than any proxy's idle upstream
 * timeout in front of us (deploy/nginx: 30 s; load balancers often 60 s). With Node's 5 s
 * default the API closed first, and a proxy sending the next request down that connection got
 * a reset it answers with 502, never retried for a POST such as a Twilio callback.
 */
export const API_KEEP_ALIVE_MS = 65_000;

/**
 * Everything main.ts and the integration tests share, so that tests exercise the same
 * pipes, filters, parsers and headers that production runs with.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  // X-Forwarded-For names the client only when TRUST_PROXY says which hops may set it (default
  // none: the socket's address), so nobody chooses the audited IP or dodges a per-IP limit.
  // The webhook signature check never relies on Host or X-Forwarded-* (it uses PUBLIC_BASE_URL).
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: '1mb' });
  app.useBodyParser('urlencoded', { limit: '256kb', extended: false });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // Angular and Swagger UI inject style attributes at run time.
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          mediaSrc: ["'self'", 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.enableShutdownHooks();
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = API_KEEP_ALIVE_MS;
  // A request's headers must be allowed to arrive over a connection kept that long.
  server.headersTimeout = API_KEEP_ALIVE_MS + 1_000;

  const document = createOpenApiDocument(app, config);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs/openapi.json` });

  serveAdmin(app, config);
}

/** Serves the built admin at `/`, with index.html for client-side routes. */
function serveAdmin(app: NestExpressApplication, config: AppConfig): void {
  const index = join(config.adminDistDir, 'index.html');
  if (!existsSync(index)) {
    new NestLogger('Admin').warn(`No built admin at ${config.adminDistDir}; run "npx nx build admin" to serve it`);
    return;
  }
  const assets = express.static(config.adminDistDir, {
    index: false,
    setHeaders: (response, path) => {
      // Built file names carry a content hash; only index.html must be revalidated.
      response.setHeader('Cache-Control', path.endsWith('.html') ? 'no-cache' : 'public, max-age=31536000, immutable');
    },
  });
  // API requests never name an admin file; skipping the static lookup spares each one a stat().
  app.use((request: express.Request, response: express.Response, next: express.NextFunction) =>
    isApiPath(request.path) ? next() : assets(request, response, next),
  );
  app.use((request: express.Request, response: express.Response, next: express.NextFunction) => {
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !isApiPath(request.path);
    if (!isPage || !request.accepts('html')) {
      next();
      return;
    }
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}

function isApiPath(path: string): boolean {
  return path === `/${API_PREFIX}` || path.startsWith(`/${API_PREFIX}/`);
}
