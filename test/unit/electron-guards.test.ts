// The window's security decisions, as pure functions: what may open externally, where the page
// may navigate, who may call IPC, and where the window reopens.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../src-main/core/api-types.ts';
import {
  ELECTRON_CSP,
  isAllowedNavigation,
  isSafeExternalUrl,
  isTrustedSender,
  permissionDecision,
  windowOpenDecision,
  withCsp,
} from '../../src-main/electron/guards.ts';
import { syncEndNotice, trayTooltip } from '../../src-main/electron/sync-notice.ts';
import { restoreWindowState } from '../../src-main/electron/window-state.ts';

describe('openExternal guard', () => {
  it('lets only https URLs with a host through', () => {
    expect(isSafeExternalUrl('https://www.service-public.fr/particuliers')).toBe(true);
    for (const bad of [
      'http://example.org',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://serveur/partage',
      'https://user:secret@example.org',
      'https:/missing-host',
      'pas une adresse',
      42,
      null,
    ]) {
      expect(isSafeExternalUrl(bad), String(bad)).toBe(false);
    }
  });

  it('denies every window.open and hands only https to the browser', () => {
    expect(windowOpenDecision('https://example.org')).toEqual({
      action: 'deny',
      openExternally: true,
    });
    expect(windowOpenDecision('file:///tmp/x.html')).toEqual({
      action: 'deny',
      openExternally: false,
    });
  });
});

describe('navigation guard', () => {
  const page = 'file:///opt/sne-guichet/resources/app.asar/out/renderer/index.html#/demandes';
  it('allows a change of the hash route only', () => {
    expect(isAllowedNavigation(page, page.replace('#/demandes', '#/synchronisation'))).toBe(true);
  });
  it('refuses another file, another site, or a query change', () => {
    expect(isAllowedNavigation(page, 'file:///etc/passwd')).toBe(false);
    expect(isAllowedNavigation(page, 'https://evil.example/index.html')).toBe(false);
    expect(isAllowedNavigation(page, page.replace('index.html', 'index.html?x=1'))).toBe(false);
    expect(isAllowedNavigation(page, 'pas une adresse')).toBe(false);
  });
});

describe('IPC sender check', () => {
  const file = 'file:///opt/app/out/renderer/index.html';
  it('trusts the packaged page, whatever its route', () => {
    expect(isTrustedSender(`${file}#/parametres`, file)).toBe(true);
  });
  it('refuses other files, other origins and missing frames', () => {
    expect(isTrustedSender('file:///tmp/piege.html', file)).toBe(false);
    expect(isTrustedSender('https://evil.example/', file)).toBe(false);
    expect(isTrustedSender(undefined, file)).toBe(false);
  });
  it('trusts the dev server by origin during development', () => {
    expect(isTrustedSender('http://localhost:5173/#/demandes', 'http://localhost:5173/')).toBe(
      true,
    );
    expect(isTrustedSender('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
});

describe('permissions and CSP', () => {
  it('refuses every permission', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(permissionDecision(p)).toBe(false);
    }
  });
  it('has no unsafe-inline nor unsafe-eval and loads nothing remote', () => {
    expect(ELECTRON_CSP).not.toMatch(/unsafe-inline|unsafe-eval|https?:|\*/);
    expect(ELECTRON_CSP).toMatch(/default-src 'none'/);
    expect(ELECTRON_CSP).toMatch(/script-src 'self'/);
  });
  it('is the policy the page itself declares (frame-ancestors aside: a meta tag cannot carry it)', () => {
    const html = readFileSync(join(import.meta.dirname, '../../src-renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const directives = (csp: string): string[] =>
      csp
        .split(';')
        .map((d) => d.trim())
        .filter((d) => d !== '' && !d.startsWith('frame-ancestors'))
        .sort();
    expect(meta).toBeDefined();
    expect(directives(meta!)).toEqual(directives(ELECTRON_CSP));
  });
  it('replaces any CSP a response carried with the application one', () => {
    const headers = withCsp({ 'content-security-policy': ['default-src *'], 'X-Other': 'a' });
    expect(headers['Content-Security-Policy']).toEqual([ELECTRON_CSP]);
    expect(headers['content-security-policy']).toBeUndefined();
    expect(headers['X-Other']).toEqual(['a']);
  });
});

describe('window state', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1080 };
  it('restores a saved window that is on a screen', () => {
    const saved = { x: 100, y: 50, width: 1400, height: 900, maximized: true };
    expect(restoreWindowState(saved, [screen])).toEqual(saved);
  });
  it('centres a window whose screen was unplugged', () => {
    const saved = { x: 2500, y: 100, width: 1366, height: 768, maximized: false };
    const state = restoreWindowState(saved, [screen]);
    expect(state.x).toBe(Math.round((1920 - 1366) / 2));
    expect(state.width).toBe(1366);
  });
  it('ignores a corrupted saved value and fits a small screen', () => {
    const small = { x: 0, y: 0, width: 1366, height: 728 };
    expect(restoreWindowState({ x: 'a' }, [small])).toEqual({
      x: 0,
      y: 0,
      width: 1366,
      height: 728,
      maximized: false,
    });
  });
});

describe('end-of-sync notification and tray', () => {
  const base: SyncStatus = {
    watermark: null,
    lastSequenceAt: null,
    nextAllowedAt: null,
    gaps: [],
    queue: { pending: 0, done: 10, failed: 0 },
    failures: [],
    running: false,
    progress: null,
    alerteFrequence: false,
  };
  it('stays silent after a clean run', () => {
    expect(syncEndNotice(base, base)).toBeNull();
  });
  it('speaks about failures, with their count', () => {
    const after = {
      ...base,
      failures: [
        {
          numUnique: '0421218000012G1104',
          bloc: 'dalo' as const,
          code: 'SOAP_RECEIVER',
          message: 'x',
        },
        {
          numUnique: '0421218000013G1104',
          bloc: 'cerfa' as const,
          code: 'SOAP_RECEIVER',
          message: 'x',
        },
      ],
    };
    expect(syncEndNotice(base, after)?.body).toMatch(/^2 blocs n’ont pas pu être récupérés/);
  });
  it('speaks about a new gap first', () => {
    const after = {
      ...base,
      gaps: [{ depuis: '2026-11-20T08:00:00+01:00', jusque: '2026-11-26T08:00:00+01:00' }],
    };
    expect(syncEndNotice(base, after)?.title).toMatch(/période non couverte/);
    expect(syncEndNotice(after, after)).toBeNull();
  });
  it('sums the state up in the tray tooltip', () => {
    expect(trayTooltip({ ...base, running: true })).toMatch(/en cours/);
    expect(trayTooltip({ ...base, horsLigne: true })).toMatch(/hors ligne/);
    expect(trayTooltip(base)).toMatch(/à jour/);
  });
});
