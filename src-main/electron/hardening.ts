// Applies the guards of guards.ts to Electron: CSP on every response, permissions refused,
// navigation and new windows denied, https links handed to the system browser.
import { shell } from 'electron';
import type { Session, WebContents } from 'electron';
import type { Logger } from '../core/logger.ts';
import { isAllowedNavigation, permissionDecision, windowOpenDecision, withCsp } from './guards.ts';

export function hardenSession(session: Session): void {
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(permissionDecision(permission));
  });
  session.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));
}

export function hardenContents(contents: WebContents, logger: Logger): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(contents.getURL(), url)) {
      event.preventDefault();
      logger.warn('window.navigation_denied');
    }
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAllowedNavigation(contents.getURL(), url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) void shell.openExternal(url);
    return { action: decision.action };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
