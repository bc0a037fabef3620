// Mutual TLS as the simulator enforces it: the guichet certificates of its CA are accepted and
// identify the guichet; no certificate, an expired one or one from another CA are refused during
// the handshake, so that no HTTP request reaches the server (the journal stays empty).
import { readFileSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoParis } from '../../src-main/core/clock.ts';
import { startSimulator, type SimulatorHandle } from '../../src-main/core/simulator/index.ts';
import { parseReponse, renderRequete } from '../../src-main/core/sne/soap-codec.ts';
import { OPERATIONS } from '../../src-main/core/sne/soap-wire.ts';
import { Agent, request } from 'undici';
import { simClient } from '../support/sim-https.ts';

let sim: SimulatorHandle;

beforeAll(async () => {
  sim = await startSimulator({ seed: 7, volume: 50, movementsPerHour: 0 });
});

afterAll(async () => {
  await sim.close();
});

/**
 * Opens a raw TLS connection, sends one HTTP request and reports how it ended: the server's
 * answer, or the TLS alert that refused us (TLS 1.3 only reports a refused client certificate
 * after the client believes the handshake done, hence the request).
 */
function attempt(certificate: string | null): Promise<{ alert: string | null; answer: string }> {
  const identity =
    certificate === null
      ? {}
      : { pfx: readFileSync(sim.pki.guichetP12(certificate)), passphrase: sim.pki.passphrase };
  return new Promise((resolve) => {
    let answer = '';
    const socket: TLSSocket = connect({
      host: '127.0.0.1',
      port: sim.port,
      ca: readFileSync(sim.pki.ca),
      servername: 'localhost',
      ...identity,
    });
    socket.on('secureConnect', () => {
      socket.write(
        `GET /api/v1/demandes-mouvementees?depuis=${encodeURIComponent(isoParis(new Date(Date.now() - 3_600_000)))} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString('utf8');
    });
    socket.on('error', (error: Error & { code?: string }) => {
      resolve({ alert: error.code ?? error.message, answer });
    });
    socket.on('end', () => resolve({ alert: null, answer }));
  });
}

describe('mutual TLS', () => {
  it('refuses a client without certificate with a TLS alert, before any HTTP', async () => {
    sim.journal.clear();
    const result = await attempt(null);
    expect(result.alert).toMatch(/CERTIFICATE_REQUIRED/);
    expect(result.answer).toBe('');
    expect(sim.journal.entries()).toHaveLength(0);
    expect(sim.journal.tls).toMatchObject({ connections: 1, handshakes: 0, refused: 1 });
  });

  // Node checks the chain once OpenSSL has finished (its verify callback accepts everything and
  // the check follows), so these two get the connection closed rather than a TLS alert; the
  // server still counts no completed handshake and no request reaches HTTP.
  it.each([
    ['an expired certificate', 'G1104-expire'],
    ['a certificate from another CA', 'G1104-autre-ca'],
  ])('refuses %s during the handshake, before any HTTP', async (_label, certificate) => {
    sim.journal.clear();
    const result = await attempt(certificate);
    expect(result.answer).toBe('');
    expect(sim.journal.entries()).toHaveLength(0);
    expect(sim.journal.tls).toMatchObject({ connections: 1, handshakes: 0, refused: 1 });
  });

  it('refuses them through undici too, the client the application uses', async () => {
    sim.journal.clear();
    for (const certificate of ['G1104-expire', 'G1104-autre-ca']) {
      const client = simClient(sim, certificate);
      await expect(client.get('/api/v1/reporting-3ds', { annee: '2025' })).rejects.toThrow();
      await client.close();
    }
    expect(sim.journal.entries()).toHaveLength(0);
    expect(sim.journal.tls.refused).toBe(2);
  });

  it.each(['G1104', 'G2201'])(
    'accepts %s and takes the guichet from the certificate CN',
    async (code) => {
      sim.journal.clear();
      const result = await attempt(code);
      expect(result.alert).toBeNull();
      expect(result.answer).toMatch(/^HTTP\/1\.1 200/);
      const entries = sim.journal.entries();
      expect(entries).toHaveLength(1);
      expect(entries[0]?.guichet).toBe(code);
      expect(sim.journal.tls).toMatchObject({ connections: 1, handshakes: 1, refused: 0 });
    },
  );

  it('counts one connection and one handshake for many calls on a keep-alive client', async () => {
    sim.journal.clear();
    const client = simClient(sim, 'G1104');
    for (let i = 0; i < 5; i++) {
      const answer = await client.get('/api/v1/demandes/0000000000000G0000/ressources-drm');
      expect(answer.status).toBe(404);
    }
    await client.close();
    expect(sim.journal.entries()).toHaveLength(5);
    expect(sim.journal.tls).toMatchObject({ connections: 1, handshakes: 1 });
  });

  it('routes the SOAP endpoint to the unitary services with the guichet of the certificate', async () => {
    sim.journal.clear();
    const dls = [...sim.ctx.data.dls.values()].find(
      (d) =>
        !d.purgee &&
        d.departements.some((x) => ['75', '93', '92', '94'].includes(x)) &&
        !d.departements.includes('22'),
    );
    if (!dls) throw new Error('no DLS in Île-de-France among the generated data');
    const ask = async (certificate: string): Promise<string> => {
      const message = renderRequete(
        OPERATIONS.dalo,
        dls.numUnique,
        `CER${certificate}-202501011200.pem`,
        'plain',
      );
      const agent = new Agent({
        connect: {
          pfx: readFileSync(sim.pki.guichetP12(certificate)),
          passphrase: sim.pki.passphrase,
          ca: readFileSync(sim.pki.ca),
        },
      });
      const response = await request(`${sim.url}/services/DemandeLogementImplService/`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': message.contentType },
        body: message.body,
      });
      const body = Buffer.from(await response.body.arrayBuffer());
      await agent.close();
      const parsed = parseReponse(OPERATIONS.dalo, String(response.headers['content-type']), body);
      if (!('kind' in parsed)) return 'fault';
      if (parsed.kind === 'anomalies') return parsed.anomalies.map((a) => a.code).join();
      return parsed.kind;
    };
    expect(await ask('G1104')).toBe('bloc');
    expect(await ask('G2201')).toBe('ACCES_REFUSE');
    const entries = sim.journal.entries();
    expect(entries.map((e) => [e.kind, e.guichet])).toEqual([
      ['SOAP', 'G1104'],
      ['SOAP', 'G2201'],
    ]);
  });
});
