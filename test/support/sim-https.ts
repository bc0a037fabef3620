// Talking to a running simulator as a guichet would: HTTPS with the guichet's PKCS#12 and the
// simulator CA, through undici (the client library the application uses).
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import type { SimulatorHandle } from '../../src-main/core/simulator/index.ts';

export interface SimResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface SimClient {
  get(path: string, params?: Record<string, string | string[] | undefined>): Promise<SimResponse>;
  close(): Promise<void>;
}

/** A client for one guichet certificate (file stem under guichets/: G1104, G1104-expire, ...). */
export function simClient(sim: SimulatorHandle, certificate: string): SimClient {
  // One connection, as one slot of the sync engine: calls are sequential and reuse it.
  const agent = new Agent({
    connections: 1,
    connect: {
      pfx: readFileSync(sim.pki.guichetP12(certificate)),
      passphrase: sim.pki.passphrase,
      ca: readFileSync(sim.pki.ca),
    },
  });
  return {
    async get(path, params = {}) {
      const url = new URL(path, sim.url);
      for (const [key, value] of Object.entries(params)) {
        for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
          url.searchParams.append(key, one);
        }
      }
      const response = await request(url, { dispatcher: agent });
      const text = await response.body.text();
      return {
        status: response.statusCode,
        headers: response.headers,
        body: text.length > 0 ? (JSON.parse(text) as unknown) : null,
      };
    },
    close: () => agent.close(),
  };
}
