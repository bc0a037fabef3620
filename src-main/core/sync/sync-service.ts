// The synchronisation as one object: the CLI and the application both drive it. A run does what
// the planner allows now (at most one GDM sequence), then drains the fetch queue, pending jobs
// of earlier runs included. Status, history, refresh and retry read and write the same store.
import type { Agent } from 'undici';
import type { SequenceHistorique, SyncProgress } from '../api-types.ts';
import { isoParis, systemClock, type Clock } from '../clock.ts';
import { GuichetError, isGuichetError } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import { guichetsExclusEffectifs, type SettingsStore, type StoredSettings } from '../settings.ts';
import { BLOCS, BLOCS_LOURDS, type Bloc } from '../sne/blocs.ts';
import { createGdmClient, type GdmClient, type GdmFiltres } from '../sne/gdm-client.ts';
import { createSneAgent, type ClientCertificate } from '../sne/tls.ts';
import { createUnitaireClient, type UnitaireClient } from '../sne/unitaire-client.ts';
import {
  forceJob,
  listFailures,
  queueCounts,
  requeueFailed,
  requeueTransientFailures,
} from '../store/jobs.ts';
import { blocsPresent } from '../store/blocs.ts';
import { countSequencesSince, lastSequence, listSequences } from '../store/ledger.ts';
import { getMeta, getMetaNumber, setMeta } from '../store/meta.ts';
import { etatsDesBlocs } from '../store/mouvements.ts';
import { inTransaction, type Store } from '../store/open.ts';
import { getWatermark, listGaps } from '../store/watermarks.ts';
import type { BackoffPolicy } from './backoff.ts';
import type { BreakerPolicy } from './breaker.ts';
import { drainQueue, type DrainResult, type FetchBloc } from './fetch-queue.ts';
import { filtreCle, normaliseFiltres } from './filters.ts';
import { runGdmStage, type SequenceOutcome } from './gdm-runner.ts';
import { loadPlannerState, META_SERVER_OFFSET, META_SERVER_SOURCE } from './planner-state.ts';
import { ProgressTracker, type SyncEvent, type SyncListener } from './progress.ts';
import { ServerClock, type ClockSource } from './server-clock.ts';
import { acquireSyncLock } from './sync-lock.ts';
import {
  DAY,
  MINUTE,
  nextAllowedAt,
  normalisePolicy,
  type PlannerPolicy,
} from './window-planner.ts';
import type { SlotLimiter } from './slot-limiter.ts';

export interface SneConnection {
  sneUrl: string;
  cert: ClientCertificate;
  guichet: string;
}

export interface SyncServiceOptions {
  store: Store;
  settings: SettingsStore;
  /** Asked for only when a run needs the SNE (status and reads work without a certificate). */
  connection: () => Promise<SneConnection>;
  /** For the cross-process lock; null runs without it (tests that own their store). */
  dataDir: string | null;
  clock?: Clock;
  logger?: Logger;
  /** Test seams: replace the SNE adapters (the defaults talk to the real SNE over mTLS). */
  gdm?: (connection: SneConnection) => { client: GdmClient; close(): Promise<void> };
  unitaire?: (connection: SneConnection) => { fetchBloc: FetchBloc; close(): Promise<void> };
  queue?: {
    timeoutMs?: number;
    maxAttempts?: number;
    backoff?: BackoffPolicy;
    breaker?: BreakerPolicy;
  };
  policy?: Partial<PlannerPolicy>;
  /** Longest Retry-After waited inside a run. */
  maxInlineWaitMs?: number;
  /**
   * SNE call slots shared with other callers (DRM batches): each unitary call also holds one,
   * so that together they never exceed the SNE's 4 calls in flight.
   */
  slots?: SlotLimiter;
}

export interface SyncRunResult {
  /** Another synchronisation holds the data directory. */
  busy: boolean;
  sequence: SequenceOutcome | null;
  /** The GDM stage failed (the queue was still drained). */
  gdmError: GuichetError | null;
  drain: DrainResult | null;
  /** When the next new sequence is allowed, server time and local time. */
  nextAllowedMs: number | null;
  nextAllowedLocalMs: number | null;
  pending: number;
}

export interface SyncStatusData {
  watermark: string | null;
  lastSequenceAt: string | null;
  nextAllowedAt: string | null;
  gaps: { depuis: string; jusque: string }[];
  queue: { pending: number; done: number; failed: number };
  failures: { numUnique: string; bloc: Bloc; code: string; message: string }[];
  alerteFrequence: boolean;
}

const META_GUICHET = 'guichet';

export class SyncService {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly progress = new ProgressTracker();
  private running: Promise<SyncRunResult> | null = null;

  constructor(private readonly o: SyncServiceOptions) {
    this.clock = o.clock ?? systemClock;
    this.logger = (o.logger ?? silentLogger).child('sync');
  }

  get isRunning(): boolean {
    return this.running !== null;
  }

  onProgress(listener: SyncListener): () => void {
    return this.progress.on(listener);
  }

  currentProgress(): SyncProgress | null {
    return this.running ? this.progress.current() : null;
  }

  /** One run; concurrent callers in this process share it. */
  run(options: { signal?: AbortSignal } = {}): Promise<SyncRunResult> {
    this.running ??= this.runLocked(options).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runLocked(options: { signal?: AbortSignal }): Promise<SyncRunResult> {
    const lock =
      this.o.dataDir === null ? { release: () => undefined } : acquireSyncLock(this.o.dataDir);
    if (!lock) return { ...this.idleResult(), busy: true };
    try {
      return await this.runOnce(options.signal);
    } finally {
      lock.release();
    }
  }

  private async runOnce(signal: AbortSignal | undefined): Promise<SyncRunResult> {
    this.progress.reset();
    const connection = await this.o.connection();
    const settings = this.o.settings.get();
    const serverClock = this.serverClock();
    setMeta(this.o.store, META_GUICHET, connection.guichet);
    requeueTransientFailures(this.o.store);

    const gdm = (this.o.gdm ?? defaultGdm)(connection);
    let sequence: SequenceOutcome | null = null;
    let gdmError: GuichetError | null = null;
    try {
      sequence = await runGdmStage({
        store: this.o.store,
        gdm: gdm.client,
        clock: serverClock,
        policy: this.policy(settings),
        filtres: this.filtres(settings, connection.guichet),
        blocsLourdsALaDemande: settings.blocsLourdsALaDemande,
        logger: this.logger.child('gdm'),
        emit: (e) => this.emit(e),
        ...(signal ? { signal } : {}),
        ...(this.o.maxInlineWaitMs === undefined
          ? {}
          : { maxInlineWaitMs: this.o.maxInlineWaitMs }),
      });
    } catch (error) {
      gdmError = asGuichetError(error);
      if (isFatal(gdmError)) {
        this.logger.error('gdm.stage.stopped', { code: gdmError.code });
        throw gdmError;
      }
      this.logger.warn('gdm.stage.failed', { code: gdmError.code });
    } finally {
      this.saveServerClock(serverClock);
      await gdm.close();
    }

    const drain = await this.drain(connection, signal);
    this.emit({ type: 'termine' });
    if (drain.stoppedBy && isFatal(drain.stoppedBy)) throw drain.stoppedBy;
    return {
      busy: false,
      sequence,
      gdmError,
      drain,
      pending: queueCounts(this.o.store).pending,
      ...this.nextAllowed(settings, connection.guichet, serverClock),
    };
  }

  private async drain(
    connection: SneConnection,
    signal: AbortSignal | undefined,
  ): Promise<DrainResult> {
    const unitaire = (this.o.unitaire ?? defaultUnitaire(this.o.queue?.timeoutMs))(connection);
    try {
      return await drainQueue({
        store: this.o.store,
        fetchBloc: withSlots(unitaire.fetchBloc, this.o.slots),
        clock: this.clock,
        logger: this.logger.child('queue'),
        emit: (e) => this.emit(e),
        ...(signal ? { signal } : {}),
        ...(this.o.queue ?? {}),
      });
    } finally {
      await unitaire.close();
    }
  }

  /**
   * Re-fetches blocks of one DLS: those asked, or by default every light block plus the heavy
   * ones (on demand) that GDM said moved or that were never fetched: this is the demand.
   */
  async refreshDemande(
    numUnique: string,
    blocs?: Bloc[],
    signal?: AbortSignal,
  ): Promise<SyncRunResult> {
    const settings = this.o.settings.get();
    const wanted = blocs ?? this.blocsARafraichir(numUnique, settings.blocsLourdsALaDemande);
    const at = this.serverClock().now();
    inTransaction(this.o.store, () => {
      for (const bloc of wanted) forceJob(this.o.store, numUnique, bloc, at);
    });
    const lock =
      this.o.dataDir === null ? { release: () => undefined } : acquireSyncLock(this.o.dataDir);
    if (!lock) return { ...this.idleResult(), busy: true };
    try {
      const connection = await this.o.connection();
      const drain = await this.drain(connection, signal);
      if (drain.stoppedBy && isFatal(drain.stoppedBy)) throw drain.stoppedBy;
      return { ...this.idleResult(), drain };
    } finally {
      lock.release();
    }
  }

  private blocsARafraichir(numUnique: string, lourdsALaDemande: boolean): Bloc[] {
    if (!lourdsALaDemande) return [...BLOCS];
    const present = new Set(blocsPresent(this.o.store, numUnique));
    const signales = new Set(
      etatsDesBlocs(this.o.store, numUnique)
        .filter((e) => e.etat === 'SIGNALE')
        .map((e) => e.bloc),
    );
    return BLOCS.filter((b) => !BLOCS_LOURDS.includes(b) || signales.has(b) || !present.has(b));
  }

  retryFailures(): number {
    return requeueFailed(this.o.store);
  }

  sequences(limit: number): SequenceHistorique[] {
    return listSequences(this.o.store, limit).map((s) => ({
      id: s.id,
      depuis: isoParis(new Date(s.depuisMs)),
      jusque: s.jusqueMs === null ? null : isoParis(new Date(s.jusqueMs)),
      commenceLe: isoParis(new Date(s.commenceMs)),
      termineLe: s.termineMs === null ? null : isoParis(new Date(s.termineMs)),
      demandes: s.demandes,
      statut:
        s.statut === 'EN_COURS' ? 'EN_COURS' : s.statut === 'TERMINEE' ? 'TERMINEE' : 'ABANDONNEE',
    }));
  }

  status(): SyncStatusData {
    const settings = this.o.settings.get();
    const guichet = getMeta(this.o.store, META_GUICHET);
    const clock = this.serverClock();
    const cle = guichet === null ? null : filtreCle(this.filtres(settings, guichet));
    const last = lastSequence(this.o.store);
    const next = guichet === null ? null : this.nextAllowed(settings, guichet, clock).nextAllowedMs;
    const iso = (ms: number | null): string | null => (ms === null ? null : isoParis(new Date(ms)));
    return {
      watermark: cle === null ? null : iso(getWatermark(this.o.store, cle)),
      lastSequenceAt: iso(last?.commenceMs ?? null),
      nextAllowedAt: iso(next),
      gaps: listGaps(this.o.store, cle ?? undefined).map((g) => ({
        depuis: isoParis(new Date(g.depuisMs)),
        jusque: isoParis(new Date(g.jusqueMs)),
      })),
      queue: queueCounts(this.o.store),
      failures: listFailures(this.o.store),
      alerteFrequence: last !== null && countSequencesSince(this.o.store, clock.now() - DAY) < 2,
    };
  }

  /** The next allowed new sequence: null when one may start right now. */
  private nextAllowed(
    settings: StoredSettings,
    guichet: string,
    clock: ServerClock,
  ): { nextAllowedMs: number | null; nextAllowedLocalMs: number | null } {
    const nowMs = clock.now();
    const state = loadPlannerState(this.o.store, filtreCle(this.filtres(settings, guichet)), nowMs);
    const wait = nextAllowedAt(state, this.policy(settings));
    if (wait === null || wait.untilMs <= nowMs)
      return { nextAllowedMs: null, nextAllowedLocalMs: null };
    return {
      nextAllowedMs: wait.untilMs,
      nextAllowedLocalMs: wait.untilMs - (nowMs - clock.localNow()),
    };
  }

  private idleResult(): SyncRunResult {
    return {
      busy: false,
      sequence: null,
      gdmError: null,
      drain: null,
      nextAllowedMs: null,
      nextAllowedLocalMs: null,
      pending: queueCounts(this.o.store).pending,
    };
  }

  private filtres(settings: StoredSettings, guichet: string): GdmFiltres {
    return normaliseFiltres({
      departements: settings.departements,
      communes: settings.communes,
      guichetsExclus: guichetsExclusEffectifs(settings, guichet),
    });
  }

  private policy(settings: StoredSettings): PlannerPolicy {
    return normalisePolicy({ ...this.o.policy, overlapMs: settings.overlapMinutes * MINUTE });
  }

  private serverClock(): ServerClock {
    const offset = getMetaNumber(this.o.store, META_SERVER_OFFSET);
    const source = getMeta(this.o.store, META_SERVER_SOURCE) as ClockSource | null;
    return new ServerClock(
      this.clock,
      offset === null ? null : { offsetMs: offset, source: source ?? 'date' },
    );
  }

  private saveServerClock(clock: ServerClock): void {
    const observation = clock.current;
    if (!observation) return;
    inTransaction(this.o.store, () => {
      setMeta(this.o.store, META_SERVER_OFFSET, String(observation.offsetMs));
      setMeta(this.o.store, META_SERVER_SOURCE, observation.source);
    });
  }

  private emit(event: SyncEvent): void {
    this.progress.emit(event);
  }
}

function defaultGdm(connection: SneConnection): { client: GdmClient; close(): Promise<void> } {
  // GDM pages are asked one after the other: one connection is enough.
  const agent: Agent = createSneAgent(connection.cert, 1);
  return {
    client: createGdmClient({ sneUrl: connection.sneUrl, agent }),
    close: () => agent.close(),
  };
}

function withSlots(fetchBloc: FetchBloc, slots: SlotLimiter | undefined): FetchBloc {
  if (!slots) return fetchBloc;
  return (bloc, numUnique, options) =>
    slots.run(() => fetchBloc(bloc, numUnique, options), options.signal);
}

function defaultUnitaire(timeoutMs: number | undefined) {
  return (connection: SneConnection): { fetchBloc: FetchBloc; close(): Promise<void> } => {
    const client: UnitaireClient = createUnitaireClient({
      baseUrl: connection.sneUrl,
      cert: connection.cert,
      guichet: connection.guichet,
      maxSockets: 4,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
    });
    return {
      fetchBloc: (bloc, numUnique, options) => client.fetchBloc(bloc, numUnique, options),
      close: () => client.close(),
    };
  };
}

const FATAL = new Set([
  'TLS_REFUS',
  'CERT_PASSPHRASE',
  'CERT_FORMAT',
  'CERT_EXPIRE',
  'CERT_SANS_CLE',
  'CERT_ABSENT',
  'DISQUE_PLEIN',
]);

function isFatal(error: GuichetError): boolean {
  return FATAL.has(error.code);
}

function asGuichetError(error: unknown): GuichetError {
  if (isGuichetError(error)) return error;
  return new GuichetError(
    'INTERNE',
    error instanceof Error ? error.message : String(error),
    {},
    { cause: error },
  );
}
