// The simulator's unitary SOAP endpoint (POST /services/DemandeLogementImplService/).
// The full behaviour (operations, anomalies, faults, MTOM) lands in the next commits; this
// first version fixes the signature the HTTP server calls.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimContext } from './context.ts';

export type SoapHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  guichet: string,
) => Promise<void>;

export function createSoapHandler(ctx: SimContext): SoapHandler {
  return async (req, res, guichet) => {
    req.resume();
    await new Promise<void>((resolve) => req.on('end', resolve));
    ctx.journal.record({
      guichet,
      kind: 'SOAP',
      operation: 'inconnue',
      status: 500,
      violations: [],
    });
    res.writeHead(500, { 'content-type': 'application/soap+xml; charset=utf-8' });
    res.end();
  };
}
