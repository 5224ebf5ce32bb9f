import { createApp } from './app.js';
import { REQUIRED_ENV } from './env.js';

const app = createApp();

export default {
  // Hono passes `env` (the Worker's vars and secrets) on as `c.env`, where @mcify/runtime reads them.
  fetch(request, env, ctx) {
    // A secret that was never set (`wrangler secret put`) would turn every call into a bare 401;
    // answer with what is wrong instead.
    const missing = REQUIRED_ENV.filter((name) => !(env as unknown as Record<string, unknown>)[name]);
    if (missing.length > 0) {
      console.error(`Missing ${missing.join(', ')}: set with wrangler secret put (see DEPLOY.md).`);
      return new Response(`Server misconfigured: ${missing.join(', ')} not set.\n`, { status: 500 });
    }
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
