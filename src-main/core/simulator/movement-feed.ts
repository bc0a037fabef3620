// The SNE's life between two GDM calls: DLS change over time, each change a movement that the
// GDM replica shows only after the replication delay.
//
// Movements are produced lazily, slot by slot (one minute each, aligned on the epoch), up to the
// server's now whenever someone asks. A slot's movements depend only on the seed and the slot's
// index, so a shifted clock, a jump of nine days or a late first call all give the same
// movements at the same instants. Slots older than the GDM depth are skipped: no window may
// reach them, and a long jump must not cost a week of generation per day skipped.
import type { Logger } from '../logger.ts';
import { silentLogger } from '../logger.ts';
import { BLOCS, type Bloc } from '../sne/blocs.ts';
import type { Clock } from '../clock.ts';
import type { SimData } from './context.ts';
import type { Movement, SimDls } from './model.ts';
import { mutateDls } from './data-generator.ts';
import { createRng, deriveSeed, type Rng } from './random.ts';

const SLOT_MS = 60_000;
const HOUR = 3_600_000;
// Movements older than this can never be returned (depth 7 days) and are dropped from memory.
const RETENTION_MS = 8 * 24 * HOUR;
export const MAX_REPLICATION_DELAY_MS = 20 * 60_000;

export interface MovementFeedOptions {
  seed: number;
  /** Average DLS moved per hour (the SNE's busiest hour: 2,000). */
  movementsPerHour: number;
  /** Replica lag: 0 to 20 minutes. */
  replicationDelayMs: number;
  /**
   * How far before the start the feed begins. The data generator already writes the last
   * seven days, so 0 unless the data comes without a history.
   */
  historyMs: number;
  logger?: Logger;
}

export interface MovementSpec {
  count?: number;
  /** dateMouvement; the server's now by default. */
  at?: Date;
  /** The guichet that made the change (what guichetsExclus matches). */
  guichet?: string;
  /** Which DLS move; random ones otherwise. */
  numUniques?: string[];
  /** Random DLS with a desired location in this department. */
  departement?: string;
  /**
   * Blocks reported as moved besides those the change touched (mutateDls picks the change).
   * Reporting more than what changed is harmless: a client only fetches a block again.
   */
  natures?: Bloc[];
}

interface Planned {
  at: number;
  slot: number;
  index: number;
}

export class MovementFeed {
  private nextSlot: number;
  private pending: Planned[] = [];
  private replicationDelay: number;
  private readonly explicitRng: Rng;
  private readonly log: Logger;
  private moveable: SimDls[] = [];
  private moveableSize = -1;
  private movingGuichets: string[] = [];

  constructor(
    private readonly data: SimData,
    private readonly clock: Clock,
    private readonly options: MovementFeedOptions,
  ) {
    this.replicationDelay = checkDelay(options.replicationDelayMs);
    // The first whole slot after the start: the generated data covers the time before it.
    this.nextSlot = Math.ceil((clock.now().getTime() - options.historyMs) / SLOT_MS);
    this.explicitRng = createRng(deriveSeed(options.seed, 'movements', 'explicit'));
    this.log = (options.logger ?? silentLogger).child('movements');
  }

  /** Brings the movements up to the server's now. Cheap when nothing is due. */
  catchUp(): void {
    const now = this.clock.now().getTime();
    const oldestUseful = Math.floor((now - RETENTION_MS) / SLOT_MS);
    if (this.nextSlot < oldestUseful) {
      this.log.info('movement slots skipped', { slots: oldestUseful - this.nextSlot });
      this.nextSlot = oldestUseful;
      this.pending = [];
    }
    while (this.nextSlot * SLOT_MS <= now) {
      this.pending.push(...this.plan(this.nextSlot));
      this.nextSlot += 1;
    }
    let applied = 0;
    while (applied < this.pending.length && (this.pending[applied]?.at ?? Infinity) <= now) {
      const p = this.pending[applied] as Planned;
      const rng = createRng(deriveSeed(this.options.seed, 'movement', p.slot, p.index));
      // Some changes do not apply to some DLS (a radiated one cannot be radiated again): draw
      // again, so that the rate holds.
      for (let attempt = 0; attempt < 5; attempt++) {
        if (this.move(this.pickDls(rng), rng, new Date(p.at), rng.pick(this.guichets()))) break;
      }
      applied += 1;
    }
    if (applied > 0) this.pending = this.pending.slice(applied);
    this.prune(now);
  }

  /** Explicit movements, for tests and the demo: they happen now (or at `at`). */
  generate(spec: MovementSpec = {}): Movement[] {
    this.catchUp();
    const at = spec.at ?? this.clock.now();
    const count = spec.count ?? spec.numUniques?.length ?? 1;
    const made: Movement[] = [];
    for (let i = 0; i < count; i++) {
      const movement = this.generateOne(spec, i, at);
      if (!movement) throw new RangeError(`aucun changement possible sur la DLS n° ${i + 1}`);
      made.push(movement);
    }
    return made;
  }

  /** A few draws at most: some changes do not apply to some DLS (a purged one, say). */
  private generateOne(spec: MovementSpec, i: number, at: Date): Movement | null {
    for (let attempt = 0; attempt < 10; attempt++) {
      const dls = this.chooseDls(spec, i);
      const guichet = spec.guichet ?? this.explicitRng.pick(this.guichets());
      const movement = this.move(dls, this.explicitRng, at, guichet, spec.natures);
      if (movement) return movement;
    }
    return null;
  }

  setReplicationDelay(ms: number): void {
    this.replicationDelay = checkDelay(ms);
  }

  get replicationDelayMs(): number {
    return this.replicationDelay;
  }

  private move(
    dls: SimDls,
    rng: Rng,
    at: Date,
    guichet: string,
    alsoReported: Bloc[] = [],
  ): Movement | null {
    const changed = mutateDls(dls, rng, at, guichet);
    const natures = BLOCS.filter((b) => changed.includes(b) || alsoReported.includes(b));
    if (natures.length === 0) return null; // nothing changed: the SNE records no movement
    const movement: Movement = {
      numUnique: dls.numUnique,
      at,
      visibleAt: new Date(at.getTime() + this.replicationDelay),
      guichet,
      natures,
    };
    this.data.movements.push(movement);
    return movement;
  }

  /** The instants of one slot's movements: the hourly rate spread over minutes, seeded. */
  private plan(slot: number): Planned[] {
    const rng = createRng(deriveSeed(this.options.seed, 'slot', slot));
    const mean = (this.options.movementsPerHour * SLOT_MS) / HOUR;
    const count = Math.floor(mean) + (rng.chance(mean - Math.floor(mean)) ? 1 : 0);
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(slot * SLOT_MS + rng.int(0, SLOT_MS - 1));
    times.sort((a, b) => a - b);
    return times.map((at, index) => ({ at, slot, index }));
  }

  private chooseDls(spec: MovementSpec, i: number): SimDls {
    const wanted = spec.numUniques?.[i];
    if (wanted !== undefined) {
      const dls = this.data.dls.get(wanted);
      if (!dls) throw new RangeError(`DLS inconnue du simulateur : ${wanted}`);
      return dls;
    }
    if (spec.departement === undefined) return this.pickDls(this.explicitRng);
    const dep = spec.departement;
    const candidates = this.moveableDls().filter((d) => d.departements.includes(dep));
    if (candidates.length === 0) throw new RangeError(`aucune DLS dans le département ${dep}`);
    return this.explicitRng.pick(candidates);
  }

  private pickDls(rng: Rng): SimDls {
    return rng.pick(this.moveableDls());
  }

  private moveableDls(): SimDls[] {
    if (this.moveableSize !== this.data.dls.size) {
      this.moveable = [...this.data.dls.values()].filter((d) => !d.purgee);
      this.moveableSize = this.data.dls.size;
    }
    return this.moveable;
  }

  /** Who changes DLS: the known guichets and the public web portal (GDPUB). */
  private guichets(): string[] {
    if (this.movingGuichets.length === 0)
      this.movingGuichets = [...this.data.guichets.keys(), 'GDPUB'];
    return this.movingGuichets;
  }

  private prune(now: number): void {
    const movements = this.data.movements;
    const first = movements[0];
    if (first === undefined || now - first.at.getTime() <= RETENTION_MS) return;
    this.data.movements = movements.filter((m) => now - m.at.getTime() <= RETENTION_MS);
  }
}

function checkDelay(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_REPLICATION_DELAY_MS) {
    throw new RangeError('délai de réplication : entre 0 et 20 minutes');
  }
  return ms;
}
