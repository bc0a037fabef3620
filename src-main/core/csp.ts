// The Content-Security-Policy of the renderer, wherever it runs: sent as a header by Electron's
// session and by the browser-mode server. No inline script or style, no eval, nothing remote;
// blob: frames and images for the documents an agent opens.
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  'frame-src blob:',
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');
