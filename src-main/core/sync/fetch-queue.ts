// The durable fetch queue's runner: exactly `slots` workers (4, the SNE's limit) take due jobs
// from the store, call the unitary services, and hand the results to a writer that commits them
// in batched transactions. A slot is held until its call settles: the client rejects a timed-out
// call only once its socket is destroyed, so the SNE never sees a fifth call in flight.
import type { Clock } from '../clock.ts';
import { GuichetError, isGuichetError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { Bloc, Cerfa, Dalo, ReponseUnitaire } from '../sne/blocs.ts';
import { saveBloc } from '../store/blocs.ts';
import { updateFromCerfa, updateFromDalo } from '../store/demandes.ts';
import {
  completeJob,
  dueJobs,
  failJob,
  jobKey,
  nextRetryAt,
  queueCounts,
  retryJobLater,
  type JobRef,
} from '../store/jobs.ts';
import { promouvoirMouvements } from '../store/mouvements.ts';
import { inTransaction, type Store } from '../store/open.ts';
import { backoffDelay, DEFAULT_BACKOFF, sleep, type BackoffPolicy } from './backoff.ts';
import { Breaker, DEFAULT_BREAKER, type BreakerPolicy } from './breaker.ts';
import type { SyncEvent } from './progress.ts';

export type FetchBloc = (
  bloc: Bloc,
  numUnique: string,
  options: { signal: AbortSignal; timeoutMs: number },
) => Promise<ReponseUnitaire<Bloc>>;

export interface FetchQueueOptions {
  store: Store;
  fetchBloc: FetchBloc;
  clock: Clock;
  logger: Logger;
  emit: (event: SyncEvent) => void;
  signal?: AbortSignal;
  slots?: number;
  timeoutMs?: number;
  maxAttempts?: number;
  backoff?: BackoffPolicy;
  breaker?: BreakerPolicy;
  /** Results written per transaction, and the longest they wait for one. */
  batchSize?: number;
  batchDelayMs?: number;
  /**
   * Pause before a slot starts its next call. How the real SNE counts a call in flight is not
   * published: if it releases the call only after its own write completes, a moment after our
   * last byte has arrived, a fast answer's successor could reach it first and count as a fifth
   * call, which the GIP SNE treats as a breach. The simulator releases a call as soon as its
   * answer is written; this margin guards against the stricter reading. Two milliseconds
   * cost about 1 % of the rate at 200 ms of latency.
   */
  slotGuardMs?: number;
  random?: () => number;
}

export interface DrainResult {
  fetched: number;
  failed: number;
  retried: number;
  /** Set when the stage stopped before the queue was empty. */
  stoppedBy: GuichetError | null;
}

type Outcome =
  | {
      kind: 'bloc';
      job: JobRef;
      answer: Extract<ReponseUnitaire<Bloc>, { kind: 'bloc' }>;
      atMs: number;
    }
  | { kind: 'failed'; job: JobRef; code: string; message: string }
  | { kind: 'retry'; job: JobRef; atMs: number; code: string; message: string };

/** Jobs read from the store at a time, and received movements expanded at a time. */
const DUE_BATCH = 256;

/** Slot count the SNE allows per guichet. */
export const SNE_SLOTS = 4;
const PERMANENT_CODES = new Set(['NUM_INCONNU', 'ACCES_REFUSE']);
// Certificate and TLS errors: the SNE refuses this client, every further call would fail too.
const TLS_CODES = new Set([
  'TLS_REFUS',
  'CERT_PASSPHRASE',
  'CERT_FORMAT',
  'CERT_EXPIRE',
  'CERT_SANS_CLE',
  'CERT_ABSENT',
]);
const FATAL_CODES = new Set([...TLS_CODES, 'DISQUE_PLEIN']);

export async function drainQueue(options: FetchQueueOptions): Promise<DrainResult> {
  const queue = new QueueRun(options);
  return queue.run();
}

class QueueRun {
  private readonly o: Required<Omit<FetchQueueOptions, 'signal'>> & { signal?: AbortSignal };
  private readonly busy = new Set<string>();
  private buffer: JobRef[] = [];
  private pending: Outcome[] = [];
  private inFlight = 0;
  private stoppedBy: GuichetError | null = null;
  private readonly stage = new AbortController();
  private readonly breaker: Breaker;
  private wakeUp: (() => void) | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly counters = { fetched: 0, failed: 0, retried: 0 };
  private readonly startedMs: number;
  private total = 0;
  private doneAtStart = 0;
  private failedAtStart = 0;

  constructor(options: FetchQueueOptions) {
    this.o = {
      slots: SNE_SLOTS,
      timeoutMs: 60_000,
      maxAttempts: 8,
      backoff: DEFAULT_BACKOFF,
      breaker: DEFAULT_BREAKER,
      batchSize: 64,
      batchDelayMs: 250,
      slotGuardMs: 2,
      random: Math.random,
      ...options,
    };
    if (this.o.slots > SNE_SLOTS) this.o.slots = SNE_SLOTS;
    this.breaker = new Breaker(this.o.breaker, () => this.now());
    this.startedMs = this.now();
    options.signal?.addEventListener('abort', () => this.stop(null), { once: true });
  }

  async run(): Promise<DrainResult> {
    const counts = queueCounts(this.o.store);
    this.total = counts.pending + counts.done + counts.failed;
    this.doneAtStart = counts.done;
    this.failedAtStart = counts.failed;
    this.o.logger.info('queue.drain.start', { ...counts, slots: this.o.slots });
    const workers = Array.from({ length: this.o.slots }, () => this.worker());
    try {
      await Promise.all(workers);
    } finally {
      if (this.flushTimer) clearTimeout(this.flushTimer);
      this.flush();
      this.report();
      this.logEnd();
    }
    return { ...this.counters, stoppedBy: this.stoppedBy };
  }

  private logEnd(): void {
    const seconds = Math.max(0.001, (this.now() - this.startedMs) / 1000);
    this.o.logger.info('queue.drain.done', {
      ...this.counters,
      pending: queueCounts(this.o.store).pending,
      seconds: Math.round(seconds * 10) / 10,
      perSecond: Math.round((this.counters.fetched / seconds) * 10) / 10,
      stoppedBy: this.stoppedBy?.code ?? null,
      breakerOpenings: this.breaker.openCount,
    });
  }

  private now(): number {
    return this.o.clock.now().getTime();
  }

  private async worker(): Promise<void> {
    for (;;) {
      if (this.stage.signal.aborted) return;
      const job = this.take();
      if (!job) {
        if (!(await this.idle())) return;
        continue;
      }
      if (!this.breaker.tryAcquire()) {
        this.buffer.unshift(job);
        if (this.breaker.exhausted) return this.stop(breakerError());
        await Promise.race([
          sleep(Math.max(50, this.breaker.waitMs()), this.stage.signal),
          this.waitForWake(),
        ]);
        continue;
      }
      await this.runJob(job);
      if (this.o.slotGuardMs > 0) await sleep(this.o.slotGuardMs, this.stage.signal);
    }
  }

  /** Nothing due now: waits for work or returns false once the queue is drained. */
  private async idle(): Promise<boolean> {
    if (this.inFlight > 0) {
      await this.waitForWake();
      return true;
    }
    this.flush();
    const next = nextRetryAt(this.o.store, this.busy);
    if (next === null) {
      this.wake(); // lets the other idle workers see it too
      return false;
    }
    await Promise.race([
      sleep(Math.max(10, next - this.now()), this.stage.signal),
      this.waitForWake(),
    ]);
    return true;
  }

  private take(): JobRef | null {
    if (this.buffer.length === 0) {
      if (this.pending.length > 0) this.flush();
      this.buffer = this.due();
      for (const job of this.buffer) this.busy.add(jobKey(job.numUnique, job.bloc));
    }
    return this.buffer.shift() ?? null;
  }

  /**
   * The next due jobs. Received GDM movements become jobs here, a batch at a time when fewer
   * than a buffer's worth are due: the expansion runs while the other slots wait on the SNE,
   * and the jobs table stays small, which keeps the due-job query cheap.
   */
  private due(): JobRef[] {
    let due = dueJobs(this.o.store, this.now(), DUE_BATCH, this.busy);
    while (due.length < DUE_BATCH) {
      const promoted = this.promote();
      if (promoted === 0) break;
      due = dueJobs(this.o.store, this.now(), DUE_BATCH, this.busy);
      if (due.length > 0) break;
    }
    return due;
  }

  private promote(): number {
    try {
      return inTransaction(this.o.store, () => promouvoirMouvements(this.o.store, DUE_BATCH));
    } catch (error) {
      this.stop(isGuichetError(error) ? error : new GuichetError('INTERNE', String(error)));
      return 0;
    }
  }

  private async runJob(job: JobRef): Promise<void> {
    this.inFlight += 1;
    try {
      const answer = await this.o.fetchBloc(job.bloc, job.numUnique, {
        signal: this.stage.signal,
        timeoutMs: this.o.timeoutMs,
      });
      const recovered = this.breaker.state() !== 'closed';
      this.breaker.success();
      if (recovered)
        this.o.logger.info('queue.breaker.close', { openings: this.breaker.openCount });
      this.record(this.fromAnswer(job, answer));
    } catch (error) {
      this.onError(job, error);
    } finally {
      this.inFlight -= 1;
      this.wake();
    }
  }

  private fromAnswer(job: JobRef, answer: ReponseUnitaire<Bloc>): Outcome {
    if (answer.numUnique !== job.numUnique) {
      return this.retryOutcome(job, 'SNE_REPONSE_INVALIDE', 'Réponse pour un autre numéro unique.');
    }
    if (answer.kind === 'bloc') return { kind: 'bloc', job, answer, atMs: this.now() };
    const first = answer.anomalies[0];
    const code = first?.code ?? 'ANOMALIE';
    const message = answer.anomalies.map((a) => `${a.code} : ${a.libelle}`).join(' ; ');
    // Business anomalies are the SNE's answer about that number: asking again changes nothing.
    const permanent = PERMANENT_CODES.has(code) || code.startsWith('CTRL_DEM');
    this.o.emit({ type: 'echec', bloc: job.bloc, code, permanent });
    return permanent
      ? { kind: 'failed', job, code, message }
      : this.retryOutcome(job, code, message);
  }

  private onError(job: JobRef, error: unknown): void {
    if (this.stage.signal.aborted) {
      this.busy.delete(jobKey(job.numUnique, job.bloc)); // stays due for the next run
      return;
    }
    const err = isGuichetError(error)
      ? error
      : new GuichetError('INTERNE', error instanceof Error ? error.message : String(error), {
          transient: true,
        });
    if (FATAL_CODES.has(err.code) || err.details.transient === false) {
      this.busy.delete(jobKey(job.numUnique, job.bloc));
      if (TLS_CODES.has(err.code)) {
        this.o.logger.error('queue.tls.stop', {
          code: err.code,
          bloc: job.bloc,
          numUnique: job.numUnique,
        });
      }
      this.stop(err);
      return;
    }
    const openings = this.breaker.openCount;
    this.breaker.failure();
    if (this.breaker.openCount > openings) {
      this.o.logger.warn('queue.breaker.open', {
        code: err.code,
        openings: this.breaker.openCount,
        cooldownMs: Math.round(this.breaker.waitMs()),
        maxOpenings: this.o.breaker.maxOpenings,
      });
    }
    this.o.emit({ type: 'echec', bloc: job.bloc, code: err.code, permanent: false });
    this.record(this.retryOutcome(job, err.code, err.message));
  }

  private retryOutcome(job: JobRef, code: string, message: string): Outcome {
    const attempt = job.tentatives + 1;
    if (attempt >= this.o.maxAttempts) return { kind: 'failed', job, code, message };
    const delay = backoffDelay(attempt, this.o.backoff, this.o.random);
    return { kind: 'retry', job, atMs: this.now() + delay, code, message };
  }

  private record(outcome: Outcome): void {
    this.logOutcome(outcome);
    this.pending.push(outcome);
    if (this.pending.length >= this.o.batchSize) this.flush();
    else this.flushTimer ??= setTimeout(() => this.flush(), this.o.batchDelayMs);
  }

  private logOutcome(outcome: Outcome): void {
    if (outcome.kind === 'bloc') return;
    const { job } = outcome;
    const fields = { numUnique: job.numUnique, bloc: job.bloc, code: outcome.code };
    if (outcome.kind === 'retry') {
      this.o.logger.warn('queue.job.retry', {
        ...fields,
        attempt: job.tentatives + 1,
        delayMs: Math.max(0, outcome.atMs - this.now()),
      });
    } else {
      const permanent = PERMANENT_CODES.has(outcome.code) || outcome.code.startsWith('CTRL_DEM');
      this.o.logger.warn('queue.job.failed', {
        ...fields,
        attempts: job.tentatives + 1,
        permanent,
      });
    }
  }

  /** Commits the results gathered so far in one transaction. */
  private flush(): void {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    try {
      inTransaction(this.o.store, () => {
        for (const outcome of batch) this.write(outcome);
      });
    } catch (error) {
      for (const o of batch) this.busy.delete(jobKey(o.job.numUnique, o.job.bloc));
      this.stop(isGuichetError(error) ? error : new GuichetError('INTERNE', String(error)));
      return;
    }
    for (const o of batch) this.busy.delete(jobKey(o.job.numUnique, o.job.bloc));
    this.report();
  }

  private write(outcome: Outcome): void {
    const store = this.o.store;
    const { job } = outcome;
    if (outcome.kind === 'bloc') {
      const { answer } = outcome;
      const written = saveBloc(
        store,
        job.numUnique,
        job.bloc,
        answer.contenu,
        answer.dateFichier,
        outcome.atMs,
      );
      if (written && job.bloc === 'cerfa') updateFromCerfa(store, answer.contenu as Cerfa);
      if (written && job.bloc === 'dalo')
        updateFromDalo(store, job.numUnique, answer.contenu as Dalo);
      completeJob(store, job);
      this.counters.fetched += 1;
    } else if (outcome.kind === 'failed') {
      failJob(store, job, outcome.code, outcome.message);
      this.counters.failed += 1;
    } else {
      retryJobLater(store, job, outcome.atMs, outcome.code, outcome.message);
      this.counters.retried += 1;
    }
  }

  private report(): void {
    const elapsedS = Math.max(0.001, (this.now() - this.startedMs) / 1000);
    const faits = this.doneAtStart + this.counters.fetched;
    const echecs = this.failedAtStart + this.counters.failed;
    const rate = this.counters.fetched / elapsedS;
    const remaining = Math.max(0, this.total - faits - echecs);
    this.o.emit({
      type: 'blocs',
      faits,
      total: this.total,
      echecs,
      parSeconde: Math.round(rate * 10) / 10,
      resteSecondes: rate > 0 ? Math.round(remaining / rate) : null,
    });
  }

  private stop(error: GuichetError | null): void {
    if (error && !this.stoppedBy) {
      this.stoppedBy = error;
      this.o.logger.error('queue.stopped', {
        code: error.code,
        fetched: this.counters.fetched,
        inFlight: this.inFlight,
      });
    }
    if (!this.stage.signal.aborted) this.stage.abort();
    this.wake();
  }

  private waitForWake(): Promise<void> {
    return new Promise((resolve) => {
      const previous = this.wakeUp;
      this.wakeUp = () => {
        previous?.();
        resolve();
      };
    });
  }

  private wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = null;
    wake?.();
  }
}

function breakerError(): GuichetError {
  return new GuichetError(
    'SNE_INJOIGNABLE',
    "Le SNE échoue de façon répétée : la récupération des blocs s'arrête pour ne pas le surcharger. Les blocs restants seront récupérés à la prochaine synchronisation.",
    { transient: true },
  );
}
