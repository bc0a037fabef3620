// The simulator keeps the SOAP contract as an independent client sees it: the `soap` package,
// built from the WSDL shipped in resources/, over mutual TLS, in MTOM and in plain SOAP 1.2,
// against the real simulator (startSimulator) and its generated data.
import { Agent } from 'node:https';
import axios from 'axios';
import * as soap from 'soap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BLOCS } from '../../src-main/core/sne/blocs.ts';
import { WSDL_PATH, createSoapPackageClient } from '../../src-main/core/sne/soap-package-client.ts';
import { ENDPOINT_PATH, OPERATIONS } from '../../src-main/core/sne/soap-wire.ts';
import { isGuichetError } from '../../src-main/core/errors.ts';
import { startSimulator } from '../../src-main/core/simulator/index.ts';
import type { SimulatorHandle } from '../../src-main/core/simulator/index.ts';
import { guichetCert, soapCases } from '../support/soap-cases.ts';
import type { SoapCases } from '../support/soap-cases.ts';

type Call = (args: unknown, options?: Record<string, unknown>) => Promise<unknown[]>;
interface FaultError {
  response?: { status: number };
  root?: { Envelope: { Body: { Fault: Record<string, unknown> } } };
}

let sim: SimulatorHandle;
let NUM: SoapCases;
let agent: Agent;

async function soapClient(): Promise<soap.Client> {
  const client = await soap.createClientAsync(WSDL_PATH, {
    forceSoap12Headers: true,
    parseResponseAttachments: true,
    disableCache: true,
    request: axios.create({ httpsAgent: agent }),
  });
  client.setEndpoint(new URL(ENDPOINT_PATH, sim.url).href);
  return client;
}

function method(client: soap.Client, nom: string): Call {
  const fn = (client as unknown as Record<string, Call>)[`${nom}Async`];
  if (fn === undefined) throw new Error(`opération absente du WSDL : ${nom}`);
  return fn.bind(client);
}

const args = (numUnique: string): Record<string, string> => ({
  numUnique,
  nomCertificat: 'CERG1104-202412031015.pem',
});

beforeAll(async () => {
  // No movement feed: the blocks must not change between the call and the comparison.
  sim = await startSimulator({ seed: 1, volume: 300, movementsPerHour: 0 });
  NUM = soapCases(sim);
  const cert = guichetCert(sim, 'G1104');
  agent = new Agent({ pfx: cert.pfx, passphrase: cert.passphrase, ca: cert.ca, keepAlive: true });
});

afterAll(async () => {
  agent.destroy();
  await sim.close();
});

describe.each([true, false])('SOAP contract through the soap package (MTOM %s)', (mtom) => {
  it('serves the nine operations of the WSDL with the documented envelope', async () => {
    const client = await soapClient();
    const described = Object.keys(
      at(client.describe(), 'DemandeLogementImplService', 'DemandeLogementImplPort') as object,
    );
    expect(described.sort()).toEqual(BLOCS.map((b) => OPERATIONS[b].nom).sort());
    for (const bloc of BLOCS) {
      const [result, , , , attachments] = await method(client, OPERATIONS[bloc].nom)(
        args(NUM.lisible),
        { forceMTOM: mtom },
      );
      const nuu = at(result, 'interfaceNuu');
      expect(at(nuu, 'attributes', 'versionInterface')).toBe('02.01');
      expect(at(nuu, 'entete', 'typeFichier', 'attributes', 'code')).toBe('COP');
      expect(at(nuu, 'demande', 'demandeLogement', 'numUnique')).toBe(NUM.lisible);
      const hasFiles = bloc === 'pieces' || bloc === 'noteCotation';
      const parts = (attachments as { parts: unknown[] } | undefined)?.parts ?? [];
      expect(parts.length > 0).toBe(mtom && hasFiles);
    }
  });

  it.each(['lisible', 'vide', 'fixture', 'fixtureVide'] as const)(
    'gives every block of the %s DLS as the simulator holds it, files byte for byte',
    async (cas) => {
      const client = createSoapPackageClient({
        baseUrl: sim.url,
        cert: guichetCert(sim, 'G1104'),
        guichet: 'G1104',
        keepAlive: true,
        mtom,
      });
      const held = sim.ctx.data.dls.get(NUM[cas])?.blocs;
      expect(held).toBeDefined();
      for (const bloc of BLOCS) {
        const reponse = await client.fetchBloc(bloc, NUM[cas]);
        expect(reponse.kind).toBe('bloc');
        if (reponse.kind === 'bloc') {
          expect(JSON.stringify(reponse.contenu, bytes)).toBe(JSON.stringify(held?.[bloc], bytes));
        }
      }
      await client.close();
    },
  );

  it('dates every answer by the simulator clock (entete/dateFichier)', async () => {
    const client = await soapClient();
    const shift = 3 * 86_400_000;
    sim.clock.shift(shift);
    try {
      const before = Date.now() + shift;
      const [result] = await method(client, 'getDalo')(args(NUM.lisible), { forceMTOM: mtom });
      const after = Date.now() + shift;
      const dateFichier = at(result, 'interfaceNuu', 'entete', 'dateFichier');
      expect(dateFichier).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$/);
      const stamped = Date.parse(String(dateFichier));
      expect(stamped).toBeGreaterThanOrEqual(before - 1);
      expect(stamped).toBeLessThanOrEqual(after);
    } finally {
      sim.clock.shift(-shift);
    }
  });

  it('answers NUM_INCONNU and ACCES_REFUSE as anomalies with HTTP 200', async () => {
    const client = await soapClient();
    const cases = [
      [NUM.inconnu, 'NUM_INCONNU'],
      [NUM.purgee, 'NUM_INCONNU'],
      [NUM.horsTerritoire, 'ACCES_REFUSE'],
    ] as const;
    for (const [numUnique, code] of cases) {
      const [result] = await method(client, 'getDalo')(args(numUnique), { forceMTOM: mtom });
      const anomalie = at(
        result,
        'interfaceNuu',
        'demande',
        'demandeLogement',
        'listeAnomalie',
        'anomalie',
        '0',
      );
      expect(at(anomalie, 'attributes', 'code')).toBe(code);
      expect(typeof at(anomalie, 'libelle')).toBe('string');
    }
  });

  it.each([
    ['SOAP_RECEIVER', 500],
    ['SOAP_503', 503],
  ] as const)(
    'answers the %s failure with HTTP %i and the documented Receiver fault',
    async (kind, status) => {
      const client = await soapClient();
      sim.setFaults({ rates: { [kind]: 1 } });
      try {
        const error = (await method(client, 'getCotation')(args(NUM.lisible), {
          forceMTOM: mtom,
        }).then(
          () => null,
          (e: unknown) => e,
        )) as FaultError | null;
        expect(error?.response?.status).toBe(status);
        const fault = error?.root?.Envelope.Body.Fault as {
          Code: { Value: string; Subcode?: unknown };
          Reason: { Text: unknown };
        };
        expect(fault.Code.Value).toBe('soap:Receiver');
        // A technical failure, not the parallel-call rule: no subcode.
        expect(fault.Code.Subcode).toBeUndefined();
        expect(sim.journal.entries().at(-1)).toMatchObject({ fault: kind, status });
        expect(JSON.stringify(fault.Reason.Text)).toContain(
          'Une erreur inattendue est survenue lors du traitement de la demande.',
        );
      } finally {
        sim.setFaults({ rates: {} });
      }
    },
  );

  it('refuses a fifth concurrent call with HTTP 503 and TROP_APPELS_PARALLELES', async () => {
    const client = await soapClient();
    sim.setLatency({ fixedMs: 400 });
    try {
      const settled = await Promise.allSettled(
        Array.from({ length: 5 }, () =>
          method(client, 'getDalo')(args(NUM.lisible), { forceMTOM: mtom }),
        ),
      );
      const refused = settled.filter((s) => s.status === 'rejected');
      expect(refused).toHaveLength(1);
      const error = (refused[0] as PromiseRejectedResult).reason as FaultError;
      expect(error.response?.status).toBe(503);
      const code = error.root?.Envelope.Body.Fault.Code as {
        Value: string;
        Subcode: { Value: string };
      };
      expect(code.Value).toBe('soap:Receiver');
      expect(code.Subcode.Value).toBe('ws:TROP_APPELS_PARALLELES');
      const violation = sim.journal
        .entries()
        .filter((e) => e.violations.includes('TROP_APPELS_PARALLELES'));
      expect(violation.at(-1)?.inFlight).toBe(4);
    } finally {
      sim.setLatency({ fixedMs: 0 });
    }
  });
});

describe('SOAP contract: classification by the soap-package client', () => {
  it('turns the fifth concurrent call into a transient error naming the rule', async () => {
    const client = createSoapPackageClient({
      baseUrl: sim.url,
      cert: guichetCert(sim, 'G1104'),
      guichet: 'G1104',
      keepAlive: false,
    });
    sim.setLatency({ fixedMs: 400 });
    try {
      const settled = await Promise.allSettled(
        Array.from({ length: 5 }, () => client.fetchBloc('dalo', NUM.lisible)),
      );
      const errors = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
      expect(errors).toHaveLength(1);
      const error = errors[0];
      expect(isGuichetError(error, 'SNE_ERREUR')).toBe(true);
      if (isGuichetError(error)) {
        expect(error.details).toMatchObject({ transient: true, fault: 'TROP_APPELS_PARALLELES' });
      }
    } finally {
      sim.setLatency({ fixedMs: 0 });
      await client.close();
    }
  });

  // The same classification as the engine's client (unitaire-client.test.ts), through the
  // package's own transport: the baseline must not turn a transient fault into a fatal one.
  it.each([
    ['SOAP_RECEIVER', 'SNE_ERREUR', 'Receiver'],
    ['SOAP_503', 'SNE_ERREUR', 'Receiver'],
    ['TORN', 'SNE_REPONSE_INVALIDE', 'TORN'],
    ['RESET', 'SNE_ERREUR', 'RESET'],
    ['MALFORMED_XML', 'SNE_REPONSE_INVALIDE', 'MALFORMED'],
    ['HUNG', 'SNE_ERREUR', 'TIMEOUT'],
  ] as const)('classifies %s as a transient %s', async (kind, code, fault) => {
    const client = createSoapPackageClient({
      baseUrl: sim.url,
      cert: guichetCert(sim, 'G1104'),
      guichet: 'G1104',
      keepAlive: true,
    });
    sim.setFaults({ rates: { [kind]: 1 } });
    try {
      const error = await client.fetchBloc('pieces', NUM.lisible, { timeoutMs: 500 }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isGuichetError(error, code)).toBe(true);
      if (isGuichetError(error)) expect(error.details).toMatchObject({ transient: true, fault });
    } finally {
      sim.setFaults({ rates: {} });
      await client.close();
    }
  });

  it('tells an aborted call from a timed-out one', async () => {
    const client = createSoapPackageClient({
      baseUrl: sim.url,
      cert: guichetCert(sim, 'G1104'),
      guichet: 'G1104',
      keepAlive: true,
    });
    try {
      const error = await client
        .fetchBloc('dalo', NUM.lisible, { signal: AbortSignal.abort() })
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(isGuichetError(error, 'SNE_ERREUR')).toBe(true);
      if (isGuichetError(error)) expect(error.details).toMatchObject({ fault: 'ABANDON' });
    } finally {
      await client.close();
    }
  });
});

/** A path into the package's generic parse result (plain objects and arrays). */
function at(value: unknown, ...path: string[]): unknown {
  let node = value;
  for (const key of path) {
    node =
      node !== null && typeof node === 'object'
        ? (node as Record<string, unknown>)[key]
        : undefined;
  }
  return node;
}

/** JSON replacer: binary content compared as hex. */
function bytes(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  const b = value as { type?: string; data?: number[] } | null;
  if (b?.type === 'Buffer' && Array.isArray(b.data)) return Buffer.from(b.data).toString('hex');
  return value;
}
