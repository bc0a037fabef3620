// `simulator`: a local SNE over mutual TLS, for trying the application, a demo or a curl by hand.
// It prints where the test certificates are and a command that works as pasted, then serves
// until Ctrl+C.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger, streamSink } from '../../core/logger.ts';
import { isoParis } from '../../core/clock.ts';
import { FAULT_KINDS } from '../../core/simulator/faults.ts';
import type { FaultKind } from '../../core/simulator/context.ts';
import { startSimulator, type SimulatorOptions } from '../../core/simulator/index.ts';
import { EXIT, type CliCommand, type CliIo } from '../command.ts';

const HELP = `Usage :
  sne-guichet simulator [--port 8443] [--seed 1] [--pki-dir DOSSIER] [--volume N]
                        [--latency-ms N] [--jitter-ms N] [--fault-rate R] [--fault-kinds K1,K2]
                        [--replication-delay-min N] [--movements-per-hour N]
                        [--clock-offset-min N] [--page-size N] [--verbose]

Démarre un SNE local (REST GDM/3DS/DRM et SOAP) en TLS mutuel sur 127.0.0.1.
Au premier démarrage, une PKI de test est créée dans --pki-dir (par défaut ./pki) :
ca.pem et, dans guichets/, G1104.p12 (bailleur), G2201.p12 (commune), G3301.p12 (bailleur
non habilité au GDM), G1104-expire.p12 et G1104-autre-ca.p12 (refusés), phrase de passe
« simulateur ».
Types de pannes : ${FAULT_KINDS.join(', ')}.
Arrêt : Ctrl+C.
`;

const OPTIONS = {
  port: { type: 'string', default: '8443' },
  seed: { type: 'string', default: '1' },
  'pki-dir': { type: 'string', default: 'pki' },
  volume: { type: 'string', default: '300' },
  'latency-ms': { type: 'string', default: '0' },
  'jitter-ms': { type: 'string', default: '0' },
  'fault-rate': { type: 'string', default: '0' },
  'fault-kinds': { type: 'string' },
  'replication-delay-min': { type: 'string', default: '0' },
  'movements-per-hour': { type: 'string', default: '60' },
  'clock-offset-min': { type: 'string', default: '0' },
  'page-size': { type: 'string', default: '1000' },
  verbose: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

export const simulatorCommand: CliCommand = {
  name: 'simulator',
  summary: 'Démarrer un SNE local (TLS mutuel, PKI de test) pour essayer ou tester',
  async run(argv, io) {
    const values = parse(argv);
    if (values.help) {
      io.out.write(HELP);
      return EXIT.OK;
    }
    const options = readOptions(values, io);
    if (options === null) return EXIT.USAGE;
    const sim = await startSimulator(options).catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
      io.err.write(`Le port ${options.port} est déjà utilisé : choisissez-en un autre (--port).\n`);
      return null;
    });
    if (sim === null) return EXIT.ERREUR;
    printBanner(io, sim.url, sim.pki, sim.ctx.data.dls.size, sim.clock.now());
    await new Promise<void>((done) => {
      if (io.signal.aborted) done();
      else io.signal.addEventListener('abort', () => done(), { once: true });
    });
    await sim.close();
    io.err.write('Simulateur arrêté.\n');
    return EXIT.OK;
  },
};

function parse(argv: string[]) {
  return parseArgs({ args: argv, options: OPTIONS, allowPositionals: false }).values;
}

const NUMERIC = [
  'port',
  'seed',
  'volume',
  'latency-ms',
  'jitter-ms',
  'fault-rate',
  'replication-delay-min',
  'movements-per-hour',
  'clock-offset-min',
  'page-size',
] as const;

function readOptions(v: ReturnType<typeof parse>, io: CliIo): SimulatorOptions | null {
  const numbers: Partial<Record<(typeof NUMERIC)[number], number>> = {};
  for (const name of NUMERIC) {
    const n = Number(v[name]);
    if (!Number.isFinite(n) || n < (name === 'clock-offset-min' ? -Infinity : 0)) {
      io.err.write(`Option --${name} : nombre attendu (reçu « ${v[name]} »).\n${HELP}`);
      return null;
    }
    numbers[name] = n;
  }
  const kinds = v['fault-kinds']?.split(',').map((k) => k.trim().toUpperCase()) ?? undefined;
  const unknown = kinds?.find((k) => !(FAULT_KINDS as string[]).includes(k));
  if (unknown !== undefined) {
    io.err.write(`Type de panne inconnu : « ${unknown} ». Types : ${FAULT_KINDS.join(', ')}.\n`);
    return null;
  }
  const delayMin = numbers['replication-delay-min'] ?? 0;
  if (delayMin > 20) {
    io.err.write('Option --replication-delay-min : entre 0 et 20 minutes.\n');
    return null;
  }
  return {
    port: numbers.port,
    seed: numbers.seed,
    pkiDir: resolve(v['pki-dir']),
    volume: numbers.volume,
    latencyMs: numbers['latency-ms'],
    jitterMs: numbers['jitter-ms'],
    faultRate: numbers['fault-rate'],
    faultKinds: kinds as FaultKind[] | undefined,
    replicationDelayMs: delayMin * 60_000,
    movementsPerHour: numbers['movements-per-hour'],
    clockOffsetMs: (numbers['clock-offset-min'] ?? 0) * 60_000,
    gdmPageSize: numbers['page-size'],
    logger: createLogger(streamSink(io.err), { level: v.verbose ? 'debug' : 'warn' }),
  };
}

function printBanner(
  io: CliIo,
  url: string,
  pki: { dir: string; ca: string; guichetP12(code: string): string },
  volume: number,
  now: Date,
): void {
  const depuis = encodeURIComponent(isoParis(new Date(now.getTime() - 2 * 3_600_000)));
  io.out.write(
    [
      `Simulateur SNE prêt sur ${url} (${volume} demandes).`,
      `Autorité de certification : ${pki.ca}`,
      `Certificats des guichets (phrase de passe « simulateur ») :`,
      `  bailleur G1104 : ${pki.guichetP12('G1104')}`,
      `  commune  G2201 : ${pki.guichetP12('G2201')}`,
      `  non habilité GDM (G3301) : ${pki.guichetP12('G3301')}`,
      `  expiré         : ${pki.guichetP12('G1104-expire')}`,
      `  autre AC       : ${pki.guichetP12('G1104-autre-ca')}`,
      `Journal des appels : ${url}/_sim/journal`,
      `Exemple :`,
      `  curl --cert-type P12 --cert '${pki.guichetP12('G1104')}:simulateur' --cacert '${pki.ca}' \\`,
      `    '${url}/api/v1/demandes-mouvementees?depuis=${depuis}'`,
      `Ctrl+C pour arrêter.`,
      '',
    ].join('\n'),
  );
}
