import { createHttpApp } from '@mcify/runtime';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import config from '../mcify.config.js';
import { clientIp, hostGuard, limitByIp, originGuard, pinIssuer } from './auth/guards.js';
import { setupOAuth } from './auth/index.js';
import { limitToolCalls, WindowLimiter } from './auth/rate-limit.js';

const tooLarge = (c: Context) => c.json({ error: 'invalid_request', error_description: 'Request body too large' }, 413);

/**
 * The HTTP app that every entry point serves: mcify's MCP endpoint (POST /mcp) and OAuth
 * endpoints (/.well-known/*, /register, /authorize, /token), the consent page (/consent) and a
 * health check at GET /, behind Host/Origin checks, rate limits and body size limits.
 * Add routes here (it is a Hono app) when your server needs more than MCP.
 */
export function createApp(): Hono {
  const { settings, consent } = setupOAuth();
  // Tool calls are limited per OAuth client + subject (rateLimit's default key ignores this mode).
  const mcify = createHttpApp({ ...config, tools: limitToolCalls(config.tools ?? [], settings.toolCallsPerMinute) });
  const runtime = (c: Context) => mcify.fetch(pinIssuer(c.req.raw, settings.issuer));
  const ipOf = (c: Context) => clientIp(c, settings.trustedProxies);
  const app = new Hono();

  app.use('*', hostGuard(settings));
  app.use('/mcp', originGuard(settings), bodyLimit({ maxSize: 1024 * 1024, onError: tooLarge }));
  app.use('/register', limitByIp(new WindowLimiter(10, 60 * 60_000), ipOf), bodyLimit({ maxSize: 8 * 1024, onError: tooLarge }));
  app.use('/token', limitByIp(new WindowLimiter(60, 60_000), ipOf), bodyLimit({ maxSize: 4 * 1024, onError: tooLarge }));
  app.use('/consent', bodyLimit({ maxSize: 16 * 1024, onError: tooLarge }));

  consent.mount(app, ipOf);

  // The runtime's /authorize; once it has issued a code, the one-time consent cookie is cleared.
  app.get('/authorize', async (c) => {
    const res = await runtime(c);
    const location = res.headers.get('location') ?? '';
    if (res.status !== 302 || location.startsWith('/consent')) return res;
    const out = new Response(res.body, res);
    out.headers.append('Set-Cookie', consent.clearConsentCookie(c.req.raw));
    out.headers.set('Cache-Control', 'no-store');
    return out;
  });

  app.all('*', runtime);
  return app;
}
