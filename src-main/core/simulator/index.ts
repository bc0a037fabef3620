// Starting a local SNE in-process: for tests, the sync engine's benchmarks, the demo mode and
// `cli simulator`. One call builds the PKI (or reuses it), the seeded data, the clock, the
// movement feed, the fault plan and the latency model, and serves them over mutual TLS.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger, type Logger } from '../logger.ts';
import type { FaultKind, SimContext } from './context.ts';
import { generateData } from './data-generator.ts';
import { SimFaults, type FaultSettings } from './faults.ts';
import { GdmService } from './gdm-service.ts';
import { SimJournal } from './journal.ts';
import { SimLatency, type LatencySettings } from './latency.ts';
import { MovementFeed, type MovementSpec } from './movement-feed.ts';
import type { Movement } from './model.ts';
import { ensurePki, PKI_PASSPHRASE } from './pki.ts';
import { createRestHandler } from './rest-server.ts';
import { createSimServer } from './server.ts';
import { SimClock } from './sim-clock.ts';
import { createSoapHandler } from './soap-server.ts';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: number;
  /** Where the test PKI lives (generated on first use). Default: a shared temp directory. */
  pkiDir?: string;
  /** Number of DLS. Default: a demo (300). */
  volume?: number;
  latencyMs?: number;
  jitterMs?: number;
  /** Probability that a call fails, spread evenly over faultKinds of its scope. */
  faultRate?: number;
  faultKinds?: FaultKind[];
  /** GDM replica lag, 0 to 20 minutes. Default 0. */
  replicationDelayMs?: number;
  /** DLS moved per hour over time. Default 60: a few a minute, enough for a demo. */
  movementsPerHour?: number;
  /** How far back the feed's movements start. Default 0: the generated data holds 7 days. */
  historyMs?: number;
  /** Start with the server's clock shifted by this much. */
  clockOffsetMs?: number;
  gdmPageSize?: number;
  logger?: Logger;
}

export interface SimulatorHandle {
  /** https://127.0.0.1:PORT */
  url: string;
  port: number;
  pki: { dir: string; ca: string; passphrase: string; guichetP12(code: string): string };
  ctx: SimContext;
  clock: SimClock;
  journal: SimJournal;
  /** Movements made now (or at spec.at), on random or chosen DLS. */
  generateMovements(spec?: MovementSpec): Movement[];
  setFaults(settings: FaultSettings): void;
  setLatency(settings: Partial<LatencySettings>): void;
  setReplicationDelay(ms: number): void;
  close(): Promise<void>;
}

export const DEFAULT_PKI_DIR = join(tmpdir(), 'sne-guichet-simulateur-pki');

export async function startSimulator(options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  const seed = options.seed ?? 1;
  const logger = (options.logger ?? silentLogger).child('simulator');
  const clock = new SimClock(options.clockOffsetMs ?? 0);
  const pki = await ensurePki(options.pkiDir ?? DEFAULT_PKI_DIR);
  const data = generateData({ seed, volume: options.volume ?? 300, now: clock.now() });

  const journal = new SimJournal(clock);
  const faults = new SimFaults(
    seed,
    options.faultRate ? { rate: options.faultRate, kinds: options.faultKinds } : { rates: {} },
  );
  const latency = new SimLatency(seed, {
    fixedMs: options.latencyMs ?? 0,
    jitterMs: options.jitterMs ?? 0,
  });
  const ctx: SimContext = { data, clock, journal, faults, latency };
  const feed = new MovementFeed(data, clock, {
    seed,
    movementsPerHour: options.movementsPerHour ?? 60,
    replicationDelayMs: options.replicationDelayMs ?? 0,
    historyMs: options.historyMs ?? 0,
    logger,
  });
  const gdm = new GdmService(ctx, { pageSize: options.gdmPageSize ?? 1000 }, () => feed.catchUp());

  const server = createSimServer({
    pki,
    journal,
    rest: createRestHandler(ctx, gdm, logger),
    soap: createSoapHandler(ctx),
    beforeRequest: () => feed.catchUp(),
    logger,
  });
  const host = options.host ?? '127.0.0.1';
  const port = await server.listen(options.port ?? 0, host);
  logger.info('simulator started', { port, volume: data.dls.size, seed });

  return {
    url: `https://${host}:${port}`,
    port,
    pki: {
      dir: pki.dir,
      ca: pki.ca,
      passphrase: PKI_PASSPHRASE,
      guichetP12: (code) => pki.guichetP12(code),
    },
    ctx,
    clock,
    journal,
    generateMovements: (spec) => feed.generate(spec),
    setFaults: (settings) => faults.set(settings),
    setLatency: (settings) => latency.set(settings),
    setReplicationDelay: (ms) => feed.setReplicationDelay(ms),
    close: () => server.close(),
  };
}
