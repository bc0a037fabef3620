// The checks every browser-mode request passes before anything else: the Host header names this
// loopback server (a page on another site resolving its own name to 127.0.0.1 cannot reach the
// API: DNS rebinding), and API calls carry the token printed with the URL, compared in constant
// time.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { RENDERER_CSP } from '../csp.ts';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The CSP of the served UI: the renderer's own (core/csp.ts). */
export const CONTENT_SECURITY_POLICY = RENDERER_CSP;
