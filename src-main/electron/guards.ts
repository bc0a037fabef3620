// The window's security decisions as small pure functions, so that each is unit-tested without
// Electron: hardening.ts wires them to the session and the web contents.
//
// The UI is one local page: it never navigates, never opens windows, never asks for a device
// permission. The only way out is an https link opened in the user's browser.

import { RENDERER_CSP } from '../core/csp.ts';

/** The CSP of the packaged renderer: the same as in the browser mode (core/csp.ts). */
export const ELECTRON_CSP = RENDERER_CSP;

/** True only for a well-formed https URL with a host: what openExternal may receive. */
export function isSafeExternalUrl(url: unknown): url is string {
  if (typeof url !== 'string' || url.length > 2048) return false;
  // The URL parser would repair 'https:/host' into 'https://host/': accept only the plain form.
  if (!url.startsWith('https://')) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.hostname !== '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}

/**
 * Whether the window may go to `target`. Only a change of the hash of the page already loaded
 * is allowed (the UI's own routing); anything else, reload to another file included, is not.
 */
export function isAllowedNavigation(current: string, target: string): boolean {
  let from: URL;
  let to: URL;
  try {
    from = new URL(current);
    to = new URL(target);
  } catch {
    return false;
  }
  return (
    from.protocol === to.protocol &&
    from.host === to.host &&
    from.pathname === to.pathname &&
    from.search === to.search
  );
}

/** What a window.open or target=_blank becomes: always denied; https goes to the browser. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isSafeExternalUrl(url) };
}

/** Every permission request (camera, notifications from the page, geolocation...) is refused. */
export function permissionDecision(_permission: string): boolean {
  return false;
}

/**
 * Whether an IPC message comes from the application's own page: the frame URL must be the
 * packaged renderer file, or the dev server during development.
 */
export function isTrustedSender(frameUrl: string | undefined, rendererUrl: string): boolean {
  if (!frameUrl) return false;
  try {
    const frame = new URL(frameUrl);
    const expected = new URL(rendererUrl);
    if (expected.protocol === 'file:') {
      return frame.protocol === 'file:' && frame.pathname === expected.pathname;
    }
    return frame.origin === expected.origin;
  } catch {
    return false;
  }
}

/** Response headers with the CSP added (Electron's onHeadersReceived shape). */
export function withCsp(
  headers: Record<string, string[] | string> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(headers ?? {})) {
    if (key.toLowerCase() === 'content-security-policy') continue;
    out[key] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [ELECTRON_CSP];
  return out;
}
