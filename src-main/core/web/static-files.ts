// The built renderer (out/web) served as files: only what is inside the folder, with the right
// type; unknown paths get index.html so that a reload on a #/route address still works.
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export async function serveStatic(
  root: string,
  pathname: string,
  response: ServerResponse,
): Promise<void> {
  const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
  const candidate = join(root, relative || 'index.html');
  const inside = candidate === root || candidate.startsWith(root.endsWith(sep) ? root : root + sep);
  const path = inside && extname(candidate) !== '' ? candidate : join(root, 'index.html');
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch {
    if (extname(candidate) !== '') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Introuvable');
      return;
    }
    response
      .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
      .end("L'interface n'est pas construite : lancez « npm run build:web ».");
    return;
  }
  response.writeHead(200, {
    'content-type': TYPES[extname(path)] ?? 'application/octet-stream',
    'cache-control': extname(path) === '.html' ? 'no-store' : 'max-age=3600',
  });
  response.end(body);
}
