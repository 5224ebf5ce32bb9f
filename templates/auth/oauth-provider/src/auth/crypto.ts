/** Small WebCrypto helpers (Node, Bun and Workers alike): HMAC-signed values, constant-time compare. */
const enc = new TextEncoder();

export function b64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromB64url(s: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s)) return null;
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i += 1) out[i] = bin.charCodeAt(i);
  return out;
}

export function randomId(bytes = 32): string {
  return b64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(text)));
}

/**
 * Constant-time equality of two secrets of any length: both are hashed first (equal-length
 * digests), then compared without an early exit. Leaks neither content nor length.
 */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([sha256(a), sha256(b)]);
  let diff = 0;
  for (let i = 0; i < x.length; i += 1) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Signs and verifies small JSON payloads: `base64url(json).base64url(hmac)`. */
export class Signer {
  private readonly key: ReturnType<typeof crypto.subtle.importKey>;

  constructor(secret: string) {
    this.key = crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
  }

  async mac(text: string): Promise<string> {
    return b64url(new Uint8Array(await crypto.subtle.sign('HMAC', await this.key, enc.encode(text))));
  }

  /** `typ` separates purposes (a consent cookie cannot pass as a session); `exp` in ms. */
  async sign(typ: string, data: Record<string, unknown>, ttlMs: number): Promise<string> {
    const body = b64url(enc.encode(JSON.stringify({ ...data, typ, exp: Date.now() + ttlMs })));
    return `${body}.${await this.mac(body)}`;
  }

  async verify<T extends Record<string, unknown>>(typ: string, value: string | undefined): Promise<T | null> {
    if (!value) return null;
    const [body, sig, extra] = value.split('.');
    if (!body || !sig || extra !== undefined) return null;
    const sigBytes = fromB64url(sig);
    if (!sigBytes) return null;
    // crypto.subtle.verify compares in constant time.
    const ok = await crypto.subtle.verify('HMAC', await this.key, sigBytes, enc.encode(body));
    if (!ok) return null;
    const bytes = fromB64url(body);
    if (!bytes) return null;
    try {
      const data = JSON.parse(new TextDecoder().decode(bytes)) as T & { typ?: unknown; exp?: unknown };
      if (data.typ !== typ || typeof data.exp !== 'number' || data.exp <= Date.now()) return null;
      return data;
    } catch {
      return null;
    }
  }
}
