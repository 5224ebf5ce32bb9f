import { describe, expect, it } from 'vitest';
import { platformById, platforms } from '../../src/secrets/platforms/index.js';

const secrets = [
  { name: 'MCIFY_AUTH_TOKEN', value: 'tok-VALUE-1' },
  { name: 'MCIFY_AUTH_TOKEN_PREVIOUS', value: 'tok-VALUE-0' },
];
/** The push steps of a platform that has a CLI path. */
function pushOf(id: string) {
  const push = platformById(id).push;
  if ('refusal' in push) throw new Error(`${id} has no push`);
  return push;
}
const context = { name: 'srv', envFile: '.env', names: secrets.map((s) => s.name) };

describe.each(platforms.map((p) => [p.id, p] as const))('platform %s', (_id, platform) => {
  it('instructions name every secret and read values from the env file, never inline', () => {
    const text = platform.instructions(context).join('\n');
    for (const s of secrets) {
      expect(text).toContain(s.name);
      expect(text).not.toContain(s.value);
    }
    expect(text).toContain('.env');
  });

  it('push passes every value on stdin only, or refuses with a sentence', () => {
    if ('refusal' in platform.push) {
      expect(platform.push.refusal).toMatch(/^[A-Z].+; .+\.$/);
      return;
    }
    const steps = platform.push(context, secrets);
    expect(steps.flatMap((s) => s.names).sort()).toEqual(context.names.slice().sort());
    for (const step of steps) {
      for (const s of secrets) {
        expect(step.args.join(' ')).not.toContain(s.value);
        expect(step.stdin).not.toContain(s.value);
      }
    }
    const input = steps.map((s) => s.input).join('\n');
    for (const s of secrets) {
      const encoded = [s.value, Buffer.from(s.value).toString('base64')];
      expect(encoded.some((v) => input.includes(v)), s.name).toBe(true);
    }
  });
});

describe('platform inputs', () => {
  it('fly reads NAME=value lines, wrangler bulk a JSON object, kubectl a Secret manifest', () => {
    const [fly] = pushOf('fly')(context, secrets);
    expect(fly!.input).toBe('MCIFY_AUTH_TOKEN=tok-VALUE-1\nMCIFY_AUTH_TOKEN_PREVIOUS=tok-VALUE-0\n');
    expect(JSON.parse(pushOf('cloudflare')(context, secrets)[0]!.input)).toEqual({ MCIFY_AUTH_TOKEN: 'tok-VALUE-1', MCIFY_AUTH_TOKEN_PREVIOUS: 'tok-VALUE-0' });
    const manifest = JSON.parse(pushOf('kubernetes')(context, secrets)[0]!.input);
    expect(manifest).toMatchObject({ kind: 'Secret', metadata: { name: 'srv-secrets' } });
    expect(Buffer.from(manifest.data.MCIFY_AUTH_TOKEN, 'base64').toString()).toBe('tok-VALUE-1');
  });

  it('an unknown platform lists the valid ones', () => {
    expect(() => platformById('heroku')).toThrow(
      'Unknown --platform "heroku". Valid values: cloudflare, fly, railway, render, docker, kubernetes, github-actions.',
    );
  });
});
