// Server-Sent Events carrying the sync progress to the browser: one stream per open tab, a
// comment line as heartbeat so that idle proxies and the browser keep it open.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GuichetApi } from '../api-types.ts';

const HEARTBEAT_MS = 20_000;

export function streamProgress(
  api: GuichetApi,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  response.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
  });
  response.write(': flux de progression\n\n');
  const unsubscribe = api.onSyncProgress((progress) => {
    response.write(`event: progress\ndata: ${JSON.stringify(progress)}\n\n`);
  });
  const heartbeat = setInterval(() => response.write(': ping\n\n'), HEARTBEAT_MS);
  request.on('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
}
