// GET /demandes-mouvementees as the SNE serves it, with its usage rules enforced per guichet:
// depth of 7 days, one new sequence per 60 minutes (429 + Retry-After), cursors that expire
// 15 minutes after the page that issued them and stay bound to the guichet, window and filters.
// The rules the SNE only watches (fewer than 2 sequences a day, a gap between windows) are
// recorded as violations, never refused.
//
// A sequence's entries are computed once, at its first page, from the movements the replica
// shows at that moment; the following pages slice that snapshot, so they stay consistent while
// new movements arrive.
import { randomBytes } from 'node:crypto';
import { isoParis } from '../clock.ts';
import { BLOCS, NATURE_BLOC, type Bloc, type Nature } from '../sne/blocs.ts';
import type { SimContext } from './context.ts';
import { filterKey, isGdmQuery, parseGdmQuery, type GdmQuery } from './gdm-query.ts';
import type { Movement, SimDls, SimGuichet } from './model.ts';
import { restError, type RestAnswer } from './rest-answer.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface GdmRules {
  pageSize: number;
  maxDepthMs: number;
  minSequenceIntervalMs: number;
  cursorTtlMs: number;
}

export const DEFAULT_GDM_RULES: GdmRules = {
  pageSize: 1000,
  maxDepthMs: 7 * 24 * HOUR,
  minSequenceIntervalMs: 60 * MINUTE,
  cursorTtlMs: 15 * MINUTE,
};

/** Violation names, as the journal counts them. */
export const GDM_VIOLATIONS = {
  profondeur: 'GDM_PROFONDEUR_MAX',
  frequence: 'GDM_FREQUENCE_MAX',
  moinsDeDeuxParJour: 'GDM_MOINS_DE_2_SEQUENCES_24H',
  trou: 'GDM_TROU_ENTRE_FENETRES',
} as const;

export interface GdmEntry {
  numUnique: string;
  at: number;
  natures: Bloc[];
}

interface Sequence {
  guichet: string;
  key: string; // window + filters: what each cursor must match
  depuis: Date;
  jusque: Date;
  entries: GdmEntry[];
}

interface Cursor {
  sequence: Sequence;
  offset: number;
  expiresAt: number;
}

interface GuichetHistory {
  /** Starts of the new sequences of the last 24 hours (ms), oldest first. */
  starts: number[];
  /** End of the latest window per filter set, for the gap check. */
  lastJusque: Map<string, number>;
}

const BLOC_NATURE = new Map<Bloc, Nature>(
  Object.entries(NATURE_BLOC).map(([nature, bloc]) => [bloc, nature as Nature]),
);

export class GdmService {
  private readonly rules: GdmRules;
  private readonly cursors = new Map<string, Cursor>();
  private readonly history = new Map<string, GuichetHistory>();

  constructor(
    private readonly ctx: SimContext,
    rules: Partial<GdmRules> = {},
    /** Brings the movements up to the server's now before a snapshot. */
    private readonly catchUp: () => void = () => undefined,
  ) {
    this.rules = { ...DEFAULT_GDM_RULES, ...rules };
  }

  handle(guichetCode: string, params: URLSearchParams): RestAnswer {
    const now = this.ctx.clock.now();
    const guichet = this.ctx.data.guichets.get(guichetCode);
    if (!guichet?.gdmHabilite) {
      return restError(
        403,
        'GDM_NON_HABILITE',
        `Le guichet ${guichetCode} n’est pas habilité au service GetDemandeMouvementees.`,
      );
    }
    const query = parseGdmQuery(params, now);
    if (!isGdmQuery(query)) return query;
    const window = {
      depuis: isoParis(query.depuis),
      jusque: query.jusque ? isoParis(query.jusque) : null,
      curseur: query.curseur !== null,
    };
    const answer =
      query.curseur === null
        ? this.startSequence(guichet, query, now)
        : this.nextPage(guichetCode, query, now);
    return { ...answer, window };
  }

  private startSequence(guichet: SimGuichet, query: GdmQuery, now: Date): RestAnswer {
    const nowMs = now.getTime();
    if (nowMs - query.depuis.getTime() > this.rules.maxDepthMs) {
      return restError(
        400,
        'GDM_PROFONDEUR_MAX',
        'La profondeur maximale est de 7 jours : depuis est trop ancien.',
        { violations: [GDM_VIOLATIONS.profondeur] },
      );
    }
    const history = this.historyOf(guichet.code, nowMs);
    const last = history.starts.at(-1);
    if (last !== undefined && nowMs - last < this.rules.minSequenceIntervalMs) {
      const retryAfter = Math.ceil((last + this.rules.minSequenceIntervalMs - nowMs) / 1000);
      return restError(
        429,
        'GDM_FREQUENCE_MAX',
        `Une seule nouvelle séquence par heure : réessayez dans ${Math.ceil(retryAfter / 60)} minute(s).`,
        { headers: { 'retry-after': String(retryAfter) }, violations: [GDM_VIOLATIONS.frequence] },
      );
    }

    const jusque = query.jusque ?? now;
    const key = filterKey(query);
    const violations = this.watchedRules(history, key, query.depuis.getTime());
    history.starts.push(nowMs);
    history.lastJusque.set(key, jusque.getTime());

    this.catchUp();
    const sequence: Sequence = {
      guichet: guichet.code,
      key: sequenceKey(guichet.code, query.depuis, jusque, key),
      depuis: query.depuis,
      jusque,
      entries: this.snapshot(guichet, query, jusque, nowMs),
    };
    return { ...this.page(sequence, 0, nowMs), violations };
  }

  /** The rules the SNE watches without refusing: recorded on the sequence's first call. */
  private watchedRules(history: GuichetHistory, key: string, depuis: number): string[] {
    const violations: string[] = [];
    const previousEnd = history.lastJusque.get(key);
    if (previousEnd !== undefined && depuis > previousEnd) violations.push(GDM_VIOLATIONS.trou);
    // This sequence plus those of the last 24 h: fewer than 2 means the guichet called too
    // rarely. A guichet's very first sequence has no history to judge.
    const hadHistory = history.starts.length > 0 || history.lastJusque.size > 0;
    if (hadHistory && history.starts.length + 1 < 2)
      violations.push(GDM_VIOLATIONS.moinsDeDeuxParJour);
    return violations;
  }

  private historyOf(guichet: string, now: number): GuichetHistory {
    let history = this.history.get(guichet);
    if (!history) {
      history = { starts: [], lastJusque: new Map() };
      this.history.set(guichet, history);
    }
    history.starts = history.starts.filter((t) => now - t < 24 * HOUR);
    return history;
  }

  private nextPage(guichet: string, query: GdmQuery, now: Date): RestAnswer {
    const nowMs = now.getTime();
    this.pruneCursors(nowMs);
    const cursor = query.curseur === null ? undefined : this.cursors.get(query.curseur);
    if (!cursor || cursor.sequence.guichet !== guichet) {
      return restError(400, 'GDM_CURSEUR_INVALIDE', 'Curseur inconnu : recommencez la séquence.');
    }
    if (nowMs > cursor.expiresAt) {
      return restError(
        400,
        'GDM_CURSEUR_INVALIDE',
        'Curseur expiré (15 minutes après la page précédente) : recommencez la fenêtre.',
      );
    }
    // A page request may omit jusque: it then means the window the sequence echoed.
    const jusque = query.jusque ?? cursor.sequence.jusque;
    const key = sequenceKey(guichet, query.depuis, jusque, filterKey(query));
    if (key !== cursor.sequence.key) {
      return restError(
        400,
        'GDM_CURSEUR_INVALIDE',
        'Ce curseur appartient à une autre fenêtre ou à d’autres filtres : renvoyez les mêmes paramètres.',
      );
    }
    return this.page(cursor.sequence, cursor.offset, nowMs);
  }

  private page(sequence: Sequence, offset: number, now: number): RestAnswer {
    const end = offset + this.rules.pageSize;
    const slice = sequence.entries.slice(offset, end);
    let prochainCurseur: string | null = null;
    if (end < sequence.entries.length) {
      prochainCurseur = randomBytes(18).toString('base64url');
      this.cursors.set(prochainCurseur, {
        sequence,
        offset: end,
        expiresAt: now + this.rules.cursorTtlMs,
      });
    }
    return {
      status: 200,
      violations: [],
      body: {
        depuis: isoParis(sequence.depuis),
        jusque: isoParis(sequence.jusque),
        nombreTotal: sequence.entries.length,
        demandes: slice.map((e) => ({
          numUnique: e.numUnique,
          dateMouvement: isoParis(new Date(e.at)),
          natures: e.natures.map((b) => BLOC_NATURE.get(b)),
        })),
        prochainCurseur,
      },
    };
  }

  /** Expired cursors are kept an hour so that a late client hears "expiré", not "inconnu". */
  private pruneCursors(now: number): void {
    for (const [token, cursor] of this.cursors) {
      if (now - cursor.expiresAt > HOUR) this.cursors.delete(token);
    }
  }

  /** The DLS that moved in the window, as the replica shows them now: one entry per DLS. */
  private snapshot(guichet: SimGuichet, query: GdmQuery, jusque: Date, now: number): GdmEntry[] {
    const from = query.depuis.getTime();
    const to = jusque.getTime();
    const excluded = new Set(query.guichetsExclus);
    const matches = locationMatcher(guichet, query);
    const byDls = new Map<string, { at: number; natures: Set<Bloc> }>();
    for (const m of this.ctx.data.movements) {
      if (!isInWindow(m, from, to, now) || excluded.has(m.guichet)) continue;
      const seen = byDls.get(m.numUnique);
      if (seen) {
        seen.at = Math.max(seen.at, m.at.getTime());
        for (const n of m.natures) seen.natures.add(n);
        continue;
      }
      const dls = this.ctx.data.dls.get(m.numUnique);
      if (!dls || !matches(dls)) continue;
      byDls.set(m.numUnique, { at: m.at.getTime(), natures: new Set(m.natures) });
    }
    const entries: GdmEntry[] = [];
    for (const [numUnique, { at, natures }] of byDls) {
      entries.push({ numUnique, at, natures: BLOCS.filter((b) => natures.has(b)) });
    }
    entries.sort(
      (a, b) => a.at - b.at || (a.numUnique < b.numUnique ? -1 : a.numUnique > b.numUnique ? 1 : 0),
    );
    return entries;
  }
}

function isInWindow(m: Movement, from: number, to: number, now: number): boolean {
  const at = m.at.getTime();
  return at >= from && at <= to && m.visibleAt.getTime() <= now;
}

function sequenceKey(guichet: string, depuis: Date, jusque: Date, filters: string): string {
  return `${guichet}|${depuis.getTime()}|${jusque.getTime()}|${filters}`;
}

/**
 * Whether a DLS concerns the guichet (a desired location in one of its departments) and passes
 * the location filters. With both departements and communes given, a desired location matches
 * when it lies in one of the departments or is one of the communes.
 */
function locationMatcher(guichet: SimGuichet, query: GdmQuery): (dls: SimDls) => boolean {
  const own = new Set(guichet.departements);
  const deps = new Set(query.departements);
  const communes = new Set(query.communes);
  const filtered = deps.size > 0 || communes.size > 0;
  return (dls) => {
    if (!dls.departements.some((d) => own.has(d))) return false;
    if (!filtered) return true;
    return dls.communes.some((c) => communes.has(c) || deps.has(departementOf(c)));
  };
}

/** INSEE department of a commune code: 3 characters overseas (97x), 2 elsewhere (incl. 2A/2B). */
export function departementOf(commune: string): string {
  return commune.startsWith('97') ? commune.slice(0, 3) : commune.slice(0, 2);
}
