// The engine's SOAP client against the real simulator (startSimulator) over mutual TLS: its
// generated data, its PKI, its journal, and the faults and latency it injects.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isGuichetError } from '../../src-main/core/errors.ts';
import type { GuichetError } from '../../src-main/core/errors.ts';
import type { FaultKind } from '../../src-main/core/simulator/context.ts';
import { startSimulator } from '../../src-main/core/simulator/index.ts';
import type { SimulatorHandle } from '../../src-main/core/simulator/index.ts';
import { BLOCS } from '../../src-main/core/sne/blocs.ts';
import { createUnitaireClient } from '../../src-main/core/sne/unitaire-client.ts';
import type { UnitaireClient } from '../../src-main/core/sne/unitaire-client.ts';
import { guichetCert, soapCases } from '../support/soap-cases.ts';
import type { SoapCases } from '../support/soap-cases.ts';

let sim: SimulatorHandle;
let NUM: SoapCases;
const clients: UnitaireClient[] = [];

function client(certName = 'G1104', emballage: 'mtom' | 'plain' = 'mtom'): UnitaireClient {
  const c = createUnitaireClient({
    baseUrl: sim.url,
    cert: guichetCert(sim, certName),
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
  // No movement feed: the blocks must not change between the call and the comparison.
  sim = await startSimulator({ seed: 1, volume: 300, movementsPerHour: 0 });
  NUM = soapCases(sim);
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
  const lectures = (['mtom', 'plain'] as const).flatMap((e) =>
    (['lisible', 'vide', 'fixture', 'fixtureVide'] as const).map((cas) => [e, cas] as const),
  );
  it.each(lectures)('reads every block as the simulator holds it (%s, %s DLS)', async (e, cas) => {
    const c = client('G1104', e);
    const held = sim.ctx.data.dls.get(NUM[cas])?.blocs;
    expect(held).toBeDefined();
    for (const bloc of BLOCS) {
      const reponse = await c.fetchBloc(bloc, NUM[cas]);
      if (reponse.kind !== 'bloc') throw new Error(`bloc attendu pour ${bloc}`);
      expect(JSON.stringify(reponse.contenu, bytes)).toBe(JSON.stringify(held?.[bloc], bytes));
    }
  });

  it('returns anomalies as values, not errors', async () => {
    const c = client();
    const inconnu = await c.fetchBloc('dalo', NUM.inconnu);
    const purgee = await c.fetchBloc('pieces', NUM.purgee);
    const refuse = await c.fetchBloc('cerfa', NUM.horsTerritoire);
    expect(inconnu).toMatchObject({ kind: 'anomalies', anomalies: [{ code: 'NUM_INCONNU' }] });
    expect(purgee).toMatchObject({ kind: 'anomalies', anomalies: [{ code: 'NUM_INCONNU' }] });
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

    // The four slots really ran in parallel (four sockets, calls overlapping at the server),
    // and never on more than four connections.
    expect(c.connectionStats().socketsCreated).toBe(4);
    expect(c.connectionStats().tlsHandshakes).toBe(4);
    expect(sim.journal.tls.connections - tlsBefore.connections).toBeLessThanOrEqual(4);
    expect(sim.journal.tls.handshakes - tlsBefore.handshakes).toBeLessThanOrEqual(4);
    const calls = sim.journal.entries().slice(journalBefore);
    expect(calls).toHaveLength(40);
    const overlap = Math.max(...calls.map((e) => e.inFlight ?? 0));
    expect(overlap).toBeGreaterThan(0);
    expect(overlap).toBeLessThanOrEqual(3);
    expect(calls.flatMap((e) => e.violations)).toEqual([]);
  });

  it('destroys the socket of a timed-out call before rejecting', async () => {
    const c = client();
    await c.fetchBloc('dalo', NUM.lisible); // one idle keep-alive socket
    sim.setFaults({ rates: { HUNG: 1 } });
    const journalBefore = sim.journal.entries().length;
    const error = await rejection(c.fetchBloc('dalo', NUM.lisible, { timeoutMs: 200 }));
    // Checked synchronously at rejection: the socket is already gone.
    expect(c.connectionStats().socketsOpen).toBe(0);
    expect(error.code).toBe('SNE_ERREUR');
    expect(error.details).toMatchObject({ transient: true, fault: 'TIMEOUT' });
    // The simulator journals a hung call only once its connection closes: the client's
    // destroyed socket reached the server, so the SNE no longer counts that call in flight.
    await vi.waitFor(() => {
      expect(sim.journal.entries().slice(journalBefore)).toEqual([
        expect.objectContaining({ operation: 'getDalo', fault: 'HUNG', status: 0 }),
      ]);
    });
  });

  it('destroys the socket of an aborted call before rejecting', async () => {
    const c = client();
    const journalBefore = sim.journal.entries().length;
    // The simulator draws a call's latency once it has read and accepted it: that moment is
    // when the call is in flight on the server side, and when it is aborted here.
    const model = sim.ctx.latency;
    const inFlight = new Promise<void>((resolve) => {
      sim.ctx.latency = {
        delayMs: () => {
          sim.ctx.latency = model;
          resolve();
          return 5_000;
        },
      };
    });
    const controller = new AbortController();
    const pending = c.fetchBloc('dalo', NUM.lisible, { signal: controller.signal });
    await inFlight;
    controller.abort();
    const error = await rejection(pending);
    expect(c.connectionStats().socketsOpen).toBe(0);
    expect(error.details).toMatchObject({ transient: true, fault: 'ABANDON' });
    // The server saw the connection go while it waited to answer.
    await vi.waitFor(() => {
      expect(sim.journal.entries().slice(journalBefore)).toEqual([
        expect.objectContaining({ operation: 'getDalo', status: 0, code: 'CLIENT_PARTI' }),
      ]);
    });
  });
  it('rejects a call whose signal is already aborted without opening a connection', async () => {
    const c = client();
    const journalBefore = sim.journal.entries().length;
    const connectionsBefore = sim.journal.tls.connections;
    const error = await rejection(
      c.fetchBloc('dalo', NUM.lisible, { signal: AbortSignal.abort() }),
    );
    expect(error.details).toMatchObject({ transient: true, fault: 'ABANDON' });
    expect(c.connectionStats()).toEqual({ socketsCreated: 0, tlsHandshakes: 0, socketsOpen: 0 });
    // The client still works, and the only connection the server saw is the next call's.
    expect((await c.fetchBloc('dalo', NUM.lisible)).kind).toBe('bloc');
    expect(sim.journal.entries().slice(journalBefore)).toHaveLength(1);
    expect(sim.journal.tls.connections - connectionsBefore).toBe(1);
  });
});

describe('unitary client: failures', () => {
  it.each(['G1104-expire', 'G1104-autre-ca'])(
    'stops at once on a refused certificate (%s)',
    async (name) => {
      const journalBefore = sim.journal.entries().length;
      const tlsBefore = { ...sim.journal.tls };
      const error = await rejection(client(name).fetchBloc('dalo', NUM.lisible));
      expect(error.code).toBe('TLS_REFUS');
      expect(error.details.transient).toBe(false);
      expect(error.message).toMatch(/certificat/);
      // As the simulator counts it: every connection the client opened (the call, then its
      // probe) was refused during the handshake, and no call reached the SOAP service.
      await vi.waitFor(() => {
        const refused = sim.journal.tls.refused - tlsBefore.refused;
        expect(refused).toBeGreaterThan(0);
        expect(refused).toBe(sim.journal.tls.connections - tlsBefore.connections);
      });
      expect(sim.journal.entries()).toHaveLength(journalBefore);
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
    const journalBefore = sim.journal.entries().length;
    sim.setFaults({ rates: { [kind]: 1 } });
    const error = await rejection(c.fetchBloc('pieces', NUM.lisible, { timeoutMs: 500 }));
    expect(error.code).toBe(code);
    expect(error.details).toMatchObject({ transient: true, fault });
    sim.setFaults({ rates: {} });
    // The simulator did inject that fault into that call (a hung one is journaled at close).
    await vi.waitFor(() => {
      expect(sim.journal.entries().slice(journalBefore)).toEqual([
        expect.objectContaining({ operation: 'getPiecesJustificatives', fault: kind }),
      ]);
    });
    // The client is still usable afterwards.
    expect((await c.fetchBloc('dalo', NUM.lisible)).kind).toBe('bloc');
  });

  it('names the rule when the SNE refuses a fifth concurrent call', async () => {
    const c = createUnitaireClient({
      baseUrl: sim.url,
      cert: guichetCert(sim, 'G1104'),
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
    const violations = sim.journal
      .entries()
      .filter((e) => e.violations.includes('TROP_APPELS_PARALLELES'));
    expect(violations.at(-1)).toMatchObject({ inFlight: 4, status: 503 });
  });
});
