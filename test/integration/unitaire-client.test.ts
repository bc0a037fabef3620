// The engine's SOAP client against the simulator's endpoint over real mutual TLS.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isGuichetError } from '../../src-main/core/errors.ts';
import type { GuichetError } from '../../src-main/core/errors.ts';
import type { FaultKind } from '../../src-main/core/simulator/context.ts';
import { BLOCS } from '../../src-main/core/sne/blocs.ts';
import { createUnitaireClient } from '../../src-main/core/sne/unitaire-client.ts';
import type { UnitaireClient } from '../../src-main/core/sne/unitaire-client.ts';
import { NUM, startSoapSim } from '../support/soap-sim.ts';
import type { SoapSim } from '../support/soap-sim.ts';

let sim: SoapSim;
const clients: UnitaireClient[] = [];

function client(certName = 'G1104', emballage: 'mtom' | 'plain' = 'mtom'): UnitaireClient {
  const c = createUnitaireClient({
    baseUrl: sim.url,
    cert: sim.cert(certName),
    guichet: 'G1104',
    emballage,
  });
  clients.push(c);
  return c;
}

async function rejection(promise: Promise<unknown>): Promise<GuichetError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isGuichetError(error)) throw new Error(`GuichetError attendue, reçu ${String(error)}`);
  return error;
}

function bytes(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  const b = value as { type?: string; data?: number[] } | null;
  if (b?.type === 'Buffer' && Array.isArray(b.data)) return Buffer.from(b.data).toString('hex');
  return value;
}

beforeAll(async () => {
  sim = await startSoapSim();
});

afterEach(async () => {
  sim.setFaults({ rates: {} });
  sim.setLatency({ fixedMs: 0, jitterMs: 0 });
  await Promise.all(clients.splice(0).map((c) => c.close()));
});

afterAll(async () => {
  await sim.close();
});

describe('unitary client: answers', () => {
  it.each(['mtom', 'plain'] as const)(
    'reads every block as the simulator holds it (%s)',
    async (e) => {
      const c = client('G1104', e);
      const held = sim.ctx.data.dls.get(NUM.lisible)?.blocs;
      for (const bloc of BLOCS) {
        const reponse = await c.fetchBloc(bloc, NUM.lisible);
        if (reponse.kind !== 'bloc') throw new Error(`bloc attendu pour ${bloc}`);
        expect(JSON.stringify(reponse.contenu, bytes)).toBe(JSON.stringify(held?.[bloc], bytes));
      }
    },
  );

  it('returns anomalies as values, not errors', async () => {
    const c = client();
    const inconnu = await c.fetchBloc('dalo', NUM.inconnu);
    const refuse = await c.fetchBloc('cerfa', NUM.horsTerritoire);
    expect(inconnu).toMatchObject({ kind: 'anomalies', anomalies: [{ code: 'NUM_INCONNU' }] });
    expect(refuse).toMatchObject({ kind: 'anomalies', anomalies: [{ code: 'ACCES_REFUSE' }] });
  });
});

describe('unitary client: connections', () => {
  it('keeps 4 concurrent callers on at most 4 sockets and 4 handshakes', async () => {
    const c = client();
    sim.setLatency({ fixedMs: 20, jitterMs: 20 });
    const tlsBefore = { ...sim.journal.tls };
    const journalBefore = sim.journal.entries().length;
    const slot = async (): Promise<void> => {
      for (let i = 0; i < 10; i++)
        await c.fetchBloc(BLOCS[i % BLOCS.length] ?? 'cerfa', NUM.lisible);
    };
    await Promise.all([slot(), slot(), slot(), slot()]);

    expect(c.connectionStats().socketsCreated).toBeLessThanOrEqual(4);
    expect(c.connectionStats().tlsHandshakes).toBeLessThanOrEqual(4);
    expect(sim.journal.tls.connections - tlsBefore.connections).toBeLessThanOrEqual(4);
    expect(sim.journal.tls.handshakes - tlsBefore.handshakes).toBeLessThanOrEqual(4);
    const calls = sim.journal.entries().slice(journalBefore);
    expect(calls).toHaveLength(40);
    expect(Math.max(...calls.map((e) => e.inFlight ?? 0))).toBeLessThanOrEqual(3);
    expect(calls.flatMap((e) => e.violations)).toEqual([]);
  });

  it('destroys the socket of a timed-out call before rejecting', async () => {
    const c = client();
    await c.fetchBloc('dalo', NUM.lisible); // one idle keep-alive socket
    sim.setFaults({ rates: { HUNG: 1 } });
    const error = await rejection(c.fetchBloc('dalo', NUM.lisible, { timeoutMs: 200 }));
    // Checked synchronously at rejection: the socket is already gone.
    expect(c.connectionStats().socketsOpen).toBe(0);
    expect(error.code).toBe('SNE_ERREUR');
    expect(error.details).toMatchObject({ transient: true, fault: 'TIMEOUT' });
  });

  it('destroys the socket of an aborted call before rejecting', async () => {
    const c = client();
    sim.setLatency({ fixedMs: 5_000 });
    const controller = new AbortController();
    const pending = c.fetchBloc('dalo', NUM.lisible, { signal: controller.signal });
    // Abort once the server has the call in flight.
    await new Promise<void>((resolve) => {
      const check = (): void => {
        if (c.connectionStats().tlsHandshakes > 0) resolve();
        else setImmediate(check);
      };
      check();
    });
    controller.abort();
    const error = await rejection(pending);
    expect(c.connectionStats().socketsOpen).toBe(0);
    expect(error.details).toMatchObject({ transient: true, fault: 'ABANDON' });
  });
});

describe('unitary client: failures', () => {
  it.each(['G1104-expire', 'G1104-autre-ca'])(
    'stops at once on a refused certificate (%s)',
    async (name) => {
      const error = await rejection(client(name).fetchBloc('dalo', NUM.lisible));
      expect(error.code).toBe('TLS_REFUS');
      expect(error.details.transient).toBe(false);
      expect(error.message).toMatch(/certificat/);
    },
  );

  const cases: [FaultKind, string, string][] = [
    ['SOAP_RECEIVER', 'SNE_ERREUR', 'Receiver'],
    ['SOAP_503', 'SNE_ERREUR', 'Receiver'],
    ['TORN', 'SNE_REPONSE_INVALIDE', 'TORN'],
    ['RESET', 'SNE_ERREUR', 'RESET'],
    ['MALFORMED_XML', 'SNE_REPONSE_INVALIDE', 'MALFORMED'],
    ['HUNG', 'SNE_ERREUR', 'TIMEOUT'],
  ];
  it.each(cases)('classifies %s as a transient %s', async (kind, code, fault) => {
    const c = client();
    sim.setFaults({ rates: { [kind]: 1 } });
    const error = await rejection(c.fetchBloc('pieces', NUM.lisible, { timeoutMs: 500 }));
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({ transient: true, fault });
    sim.setFaults({ rates: {} });
    // The client is still usable afterwards.
    expect((await c.fetchBloc('dalo', NUM.lisible)).kind).toBe('bloc');
  });

  it('names the rule when the SNE refuses a fifth concurrent call', async () => {
    const c = createUnitaireClient({
      baseUrl: sim.url,
      cert: sim.cert('G1104'),
      guichet: 'G1104',
      maxSockets: 5, // deliberately breaking the rule to see the SNE's answer
    });
    clients.push(c);
    sim.setLatency({ fixedMs: 400 });
    const settled = await Promise.allSettled(
      Array.from({ length: 5 }, () => c.fetchBloc('dalo', NUM.lisible)),
    );
    const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    expect(errors).toHaveLength(1);
    expect((errors[0] as GuichetError).details).toMatchObject({
      transient: true,
      fault: 'TROP_APPELS_PARALLELES',
      status: 503,
    });
  });
});
