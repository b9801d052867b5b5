import { existsSync, readFileSync } from 'node:fs';
import { join, normalize, extname } from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { secureHeaders } from 'hono/secure-headers';
import type { ConcordatApp } from '../app/app.ts';
import { renderDocs } from './docs.ts';
import type { HttpEnv } from './env.ts';
import { errorBody, respondWithError } from './errors.ts';
import { authenticate, DEFAULT_LIMITS, limitBody, type BodyLimits } from './guard.ts';
import { cacheReads } from './read-cache.ts';
import { adminRoutes } from './routes/admin.ts';
import { contractRoutes } from './routes/contracts.ts';
import { economyRoutes } from './routes/economy.ts';
import { paymentRoutes } from './routes/payments.ts';
import { procurementRoutes } from './routes/procurement.ts';
import { publicRoutes } from './routes/public.ts';
import { registryRoutes } from './routes/registry.ts';
import { sessionRoutes } from './routes/session.ts';
import { simulationRoutes } from './routes/simulations.ts';
import { relationshipRoutes } from './routes/relationship.ts';
import { economyRoutes as impactEconomyRoutes } from './routes/economies.ts';

export interface HttpOptions {
  /** Directory of the built web app (web/dist); when absent only the API is served. */
  readonly webRoot?: string;
  /** Request body limits (README "Configuration"). */
  readonly limits?: Partial<BodyLimits>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2',
};

/**
 * The HTTP face of the app: thin routes over the use cases. Tests call `http.request(...)` on the
 * returned value with no port; `serve` binds it to one.
 */
export function createHttpApp(app: ConcordatApp, options: HttpOptions = {}) {
  const http = new OpenAPIHono<HttpEnv>();
  http.onError((err, c) => respondWithError(c, err));
  // Security headers on every response: no framing, no sniffing, scripts only from this origin
  // (the web app is built into /assets; charts draw on canvas; React sets inline styles).
  http.use('*', secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'", "'unsafe-inline'"], imgSrc: ["'self'", 'data:', 'blob:'],
      connectSrc: ["'self'"], fontSrc: ["'self'"], objectSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'self'"], formAction: ["'self'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    xContentTypeOptions: true,
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    strictTransportSecurity: false,
  }));
  // Who is asking comes first, then the body's type and size: an anonymous upload is refused unread.
  http.use('/api/*', authenticate(app));
  http.use('/api/*', limitBody({ ...DEFAULT_LIMITS, ...options.limits }));
  // Then the heavy reads, answered from the read cache while the data is unchanged (read-cache.ts).
  http.use('/api/*', cacheReads(app.reads));

  const api = new OpenAPIHono<HttpEnv>();
  api.route('/', sessionRoutes(app));
  api.route('/', registryRoutes());
  api.route('/', contractRoutes());
  api.route('/', economyRoutes());
  api.route('/', paymentRoutes());
  api.route('/', simulationRoutes());
  api.route('/', adminRoutes());
  api.route('/', relationshipRoutes());
  api.route('/', procurementRoutes());
  api.route('/', publicRoutes(app));
  api.route('/', impactEconomyRoutes());
  api.openAPIRegistry.registerComponent('securitySchemes', 'Bearer', { type: 'http', scheme: 'bearer' });
  http.route('/api', api);

  const docConfig = {
    openapi: '3.0.0',
    info: {
      title: 'Concordat',
      version: '0.1.0',
      description: 'The English NHS commissioning system: registry, contracts and their variations, the economy overview and the audit trail. Paths are under /api.',
    },
    servers: [{ url: '/api' }],
    security: [{ Bearer: [] }],
  };
  http.get('/openapi.json', (c) => c.json(api.getOpenAPIDocument(docConfig)));
  http.get('/api/docs', (c) => c.html(renderDocs(api.getOpenAPIDocument(docConfig) as unknown as Record<string, unknown>)));
  http.get('/health', async (c) => c.json({ ok: true, database: app.storage.dialect }));
  http.all('/api/*', (c) => c.json(errorBody('not_found', `no API endpoint ${c.req.method} ${c.req.path}; see /api/docs`), 404));

  if (options.webRoot && existsSync(join(options.webRoot, 'index.html'))) {
    const root = options.webRoot;
    const index = readFileSync(join(root, 'index.html'));
    http.get('*', (c) => {
      let decoded: string;
      try {
        decoded = decodeURIComponent(c.req.path);
      } catch {
        return c.json(errorBody('invalid', 'the address contains a malformed %-encoding'), 400);
      }
      const rel = normalize(decoded).replace(/^(\.\.[/\\])+/, '');
      const file = join(root, rel);
      if (file.startsWith(root) && rel !== '/' && existsSync(file) && !file.endsWith('/')) {
        try {
          const body = readFileSync(file);
          return c.body(body, 200, {
            'content-type': MIME[extname(file)] ?? 'application/octet-stream',
            'cache-control': rel.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
          });
        } catch {
          // A directory or unreadable file: fall through to the app shell.
        }
      }
      // Client-side routes (/contracts/123) get the app shell.
      return c.body(index, 200, { 'content-type': MIME['.html'] });
    });
  }
  return http;
}
