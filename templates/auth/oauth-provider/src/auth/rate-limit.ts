import { canonicalSubject, rateLimit, type AnyTool, type HandlerContext } from '@mcify/core';

/**
 * Fixed-window counter kept in memory (per process; per isolate on Workers: use Cloudflare's
 * rate-limiting binding or a Durable Object there for a global limit). Bounded in size.
 */
export class WindowLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly maxKeys = 10_000,
  ) {}

  /** Counts one hit; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, now = Date.now()): number {
    let b = this.hits.get(key);
    if (!b || b.resetAt <= now) {
      if (this.hits.size >= this.maxKeys) this.sweep(now);
      b = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(key, b);
    }
    b.count += 1;
    return b.count > this.max ? Math.ceil((b.resetAt - now) / 1000) : 0;
  }

  /** Takes back one hit of `key` (an attempt counted up front that turned out fine). */
  giveBack(key: string): void {
    const b = this.hits.get(key);
    if (b && b.count > 0) b.count -= 1;
  }

  private sweep(now: number): void {
    for (const [k, b] of this.hits) if (b.resetAt <= now) this.hits.delete(k);
    // Still full (an attacker rotating keys): drop the oldest entries rather than grow.
    for (const k of this.hits.keys()) {
      if (this.hits.size < this.maxKeys) break;
      this.hits.delete(k);
    }
  }
}

/**
 * Tool-call rate limit keyed by OAuth client + subject. `rateLimit()`'s default key is null
 * for `oauth_provider` callers (= no limit at all), so the keyBy is required in this mode.
 */
export const toolKey = (ctx: HandlerContext): string | null =>
  ctx.auth.type === 'oauth_provider' ? `${ctx.auth.clientId}|${canonicalSubject(ctx.auth.subject)}` : null;

/**
 * Every tool of the config behind one tool-call limit per client + subject (`perMinute` calls a
 * minute, MCIFY_TOOL_CALLS_PER_MINUTE), including the tools you add later.
 */
export function limitToolCalls<T extends AnyTool>(tools: readonly T[], perMinute: number): T[] {
  const limit = rateLimit({ max: perMinute, windowMs: 60_000, keyBy: toolKey });
  return tools.map((tool) => ({ ...tool, invoke: (input: unknown, ctx: HandlerContext) => limit(input, ctx, () => tool.invoke(input, ctx)) }));
}
