// A simulator over real mutual TLS for the SOAP tests, with hand-built data whose every DLS case
// is known: readable by G1104, outside its territory (ACCES_REFUSE), purged (NUM_INCONNU), and
// one with every optional block absent.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClientCertificate } from '../../src-main/core/sne/tls.ts';
import type { SimContext } from '../../src-main/core/simulator/context.ts';
import { SimFaults } from '../../src-main/core/simulator/faults.ts';
import type { FaultSettings } from '../../src-main/core/simulator/faults.ts';
import { SimJournal } from '../../src-main/core/simulator/journal.ts';
import { SimLatency } from '../../src-main/core/simulator/latency.ts';
import type { LatencySettings } from '../../src-main/core/simulator/latency.ts';
import type { SimDls, SimGuichet } from '../../src-main/core/simulator/model.ts';
import { ensurePki, PKI_PASSPHRASE } from '../../src-main/core/simulator/pki.ts';
import type { SimPki } from '../../src-main/core/simulator/pki.ts';
import { SimClock } from '../../src-main/core/simulator/sim-clock.ts';
import { createSoapHandler } from '../../src-main/core/simulator/soap-server.ts';
import type { BlocContenu } from '../../src-main/core/sne/blocs.ts';
import { blocsExemple, blocsVides } from './soap-fixtures.ts';

export const NUM = {
  lisible: '2A00324000123G1104',
  vide: '2A00324000124G1104',
  horsTerritoire: '0130324000125G2201',
  purgee: '2A00324000126G1104',
  inconnu: '2A00324999999G1104',
} as const;

export interface SoapSim {
  url: string;
  ctx: SimContext;
  journal: SimJournal;
  cert(name: string): ClientCertificate;
  setFaults(settings: FaultSettings): void;
  setLatency(settings: Partial<LatencySettings>): void;
  close(): Promise<void>;
}

function dls(
  numUnique: string,
  departements: string[],
  blocs: BlocContenu,
  purgee = false,
): SimDls {
  return {
    numUnique,
    communes: blocs.cerfa.logementRecherche.listeLocalisationSouhaite.map((l) => l.commune),
    departements,
    statutNir: 'PERMANENT',
    etatCivilCoherent: true,
    drm: [],
    suiviAttributions: [],
    purgee,
    blocs,
  };
}

function guichet(code: string, departements: string[]): SimGuichet {
  return { code, type: 'BAILLEUR', nom: code, siren: '000000000', departements, gdmHabilite: true };
}

// The SOAP handler behind mutual TLS, counting connections and handshakes as the simulator's
// server does; kept apart from server.ts so that these tests only depend on the SOAP side.
function mtlsServer(pki: SimPki, ctx: SimContext): { server: Server; close: () => Promise<void> } {
  const soap = createSoapHandler(ctx);
  const sockets = new Set<Socket>();
  const server = createServer(
    {
      key: pki.serverKeyPem,
      cert: pki.serverCertPem,
      ca: pki.caPem,
      requestCert: true,
      rejectUnauthorized: true,
    },
    (req, res) => {
      const cn = (req.socket as TLSSocket).getPeerCertificate().subject.CN;
      void soap(req, res, Array.isArray(cn) ? (cn[0] ?? '') : (cn ?? ''));
    },
  );
  server.on('connection', (socket: Socket) => {
    ctx.journal.tls.connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', () => {
    ctx.journal.tls.handshakes += 1;
  });
  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export async function startSoapSim(): Promise<SoapSim> {
  const pki = await ensurePki(join(tmpdir(), 'sne-guichet-simulateur-pki'));
  const clock = new SimClock(0);
  const journal = new SimJournal(clock);
  const faults = new SimFaults(7);
  const latency = new SimLatency(7);
  const data: SimContext['data'] = {
    guichets: new Map([
      ['G1104', guichet('G1104', ['2A', '974'])],
      ['G2201', guichet('G2201', ['13'])],
    ]),
    dls: new Map(
      [
        dls(NUM.lisible, ['2A', '974'], blocsExemple(NUM.lisible)),
        dls(NUM.vide, ['974'], blocsVides(NUM.vide)),
        dls(NUM.horsTerritoire, ['13'], blocsExemple(NUM.horsTerritoire)),
        dls(NUM.purgee, ['2A'], blocsExemple(NUM.purgee), true),
      ].map((d) => [d.numUnique, d]),
    ),
    movements: [],
  };
  const ctx: SimContext = { data, clock, journal, faults, latency };
  const { server, close } = mtlsServer(pki, ctx);
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  const ca = readFileSync(pki.ca);
  return {
    url: `https://127.0.0.1:${port}`,
    ctx,
    journal,
    cert: (name) => ({ pfx: readFileSync(pki.guichetP12(name)), passphrase: PKI_PASSPHRASE, ca }),
    setFaults: (settings) => faults.set(settings),
    setLatency: (settings) => latency.set(settings),
    close,
  };
}
