// Which transport carries GuichetApi: the preload's bridge inside Electron, the local HTTP
// server in browser mode. The token of browser mode comes in the URL the server printed; it is
// kept for this tab only and taken out of the address bar.
import type { GuichetApi } from '../../../src-main/core/api-types.ts';
import { createHttpApi } from './http-api.ts';

declare global {
  interface Window {
    guichet?: GuichetApi;
  }
}

const TOKEN_KEY = 'sne-guichet.token';

export function connectApi(): GuichetApi | null {
  if (window.guichet) return window.guichet;
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('t');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('t');
    window.history.replaceState(null, '', url.toString());
  }
  const token = fromUrl ?? sessionStorage.getItem(TOKEN_KEY);
  return token ? createHttpApi(token) : null;
}
