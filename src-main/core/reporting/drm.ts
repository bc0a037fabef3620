// DRM resources at hand during instruction (domain.md A7): fetch the SNE's three months, keep
// them in the cache while they stay in the window, and show them beside the resources the
// applicant declared in the Cerfa, with the difference and without judgement. DRM amounts are
// the "montant net versé", which can differ from pay slips by a few percent.
import type { ApiDatabase } from '../api/context.ts';
import type { RessourcesDrmVue } from '../api-types.ts';
import type { Clock } from '../clock.ts';
import { isGuichetError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import type { DrmClient, MoisDrm, RessourcesDrm } from '../sne/drm-client.ts';
import type { SlotLimiter } from '../sync/slot-limiter.ts';
import { ressourcesDeclarees } from './cache-reporting.ts';

export interface DrmDeps {
  db: ApiDatabase;
  client: DrmClient;
  slots: SlotLimiter;
  clock: Clock;
  logger: Logger;
}

/** SNE refusals after which nothing may stay shown for that DLS. */
const EFFACER_SUR = new Set([
  'DRM_NIR_NON_PERMANENT',
  'DRM_INCOHERENCE_ETAT_CIVIL',
  'DRM_DEMANDE_INCONNUE',
]);

/**
 * The oldest month the cache may still hold at `now` (Europe/Paris), as 'YYYY-MM': M-4. The SNE
 * keeps M-1 to M-3 of its latest monthly refresh, and that refresh lags the calendar by a few
 * days, so until it runs the SNE's window is still M-2 to M-4. Each fetch replaces a DLS's
 * months with the SNE's window exactly; this bound only clears what no refresh came to replace.
 */
export function premierMoisFenetre(now: Date): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: 'numeric',
  }).formatToParts(now);
  const year = Number(parts.find((p) => p.type === 'year')?.value);
  const month = Number(parts.find((p) => p.type === 'month')?.value);
  const index = year * 12 + (month - 1) - 4;
  return `${String(Math.floor(index / 12))}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** Deletes every stored month that has left the three-month window; returns how many. */
export function purgerDrm(db: ApiDatabase, now: Date): number {
  return db.prepare('DELETE FROM drm_mois WHERE periode < ?').run(premierMoisFenetre(now)).changes;
}

/** Replaces what the cache holds for this DLS with the SNE's window, in one transaction. */
export function enregistrerDrm(db: ApiDatabase, drm: RessourcesDrm, recupereMs: number): void {
  const insert = db.prepare(
    `INSERT INTO drm_mois (num_unique, periode, lignes, date_mise_a_jour, recupere_ms)
     VALUES (?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    db.prepare('DELETE FROM drm_mois WHERE num_unique = ?').run(drm.numUnique);
    for (const m of drm.mois) {
      insert.run(drm.numUnique, m.periode, JSON.stringify(m.lignes), drm.dateMiseAJour, recupereMs);
    }
  })();
}

export function effacerDrm(db: ApiDatabase, numUnique: string): void {
  db.prepare('DELETE FROM drm_mois WHERE num_unique = ?').run(numUnique);
}

/** The cached months of a DLS, inside the window at `now`; null when none is stored. */
export function drmDuCache(db: ApiDatabase, numUnique: string, now: Date): RessourcesDrm | null {
  const rows = db
    .prepare(
      `SELECT periode, lignes, date_mise_a_jour AS dateMiseAJour FROM drm_mois
       WHERE num_unique = ? AND periode >= ? ORDER BY periode DESC`,
    )
    .all(numUnique, premierMoisFenetre(now)) as {
    periode: string;
    lignes: string;
    dateMiseAJour: string;
  }[];
  const first = rows[0];
  if (!first) return null;
  return {
    numUnique,
    dateMiseAJour: first.dateMiseAJour,
    mois: rows.map((r) => ({
      periode: r.periode,
      lignes: JSON.parse(r.lignes) as MoisDrm['lignes'],
    })),
  };
}

/** The view: months newest first, each with its total, the declared amount and the difference. */
export function vueDrm(drm: RessourcesDrm, declare: number | null): RessourcesDrmVue {
  const mois = [...drm.mois].sort((a, b) => b.periode.localeCompare(a.periode));
  return {
    numUnique: drm.numUnique,
    dateMiseAJour: drm.dateMiseAJour,
    mois: mois.map((m) => {
      const total = arrondi(m.lignes.reduce((sum, l) => sum + l.montantNetVerse, 0));
      return {
        periode: m.periode,
        lignes: m.lignes,
        total,
        declare,
        ecart: declare === null ? null : arrondi(total - declare),
      };
    }),
  };
}

/** Fetches one DLS through a shared slot, stores the window, and returns the view. */
export async function fetchDrm(
  deps: DrmDeps,
  numUnique: string,
  signal?: AbortSignal,
): Promise<RessourcesDrmVue> {
  let drm: RessourcesDrm;
  try {
    drm = await deps.slots.run(
      () => deps.client.getRessourcesDrm(numUnique, signal ? { signal } : {}),
      signal,
    );
  } catch (error) {
    const codeSne = isGuichetError(error) ? error.details.codeSne : undefined;
    if (typeof codeSne === 'string' && EFFACER_SUR.has(codeSne)) effacerDrm(deps.db, numUnique);
    throw error;
  }
  const now = deps.clock.now();
  enregistrerDrm(deps.db, drm, now.getTime());
  const purges = purgerDrm(deps.db, now);
  deps.logger.info('drm fetched', { mois: drm.mois.length, purges });
  return vueDrm(drm, ressourcesDeclarees(deps.db, numUnique));
}

export type ResultatDrm =
  | { numUnique: string; ok: true; vue: RessourcesDrmVue }
  | { numUnique: string; ok: false; code: string; message: string };

/**
 * Fetches several DLS (the candidates selected for a CAL). Each call takes one of the shared
 * slots, so a batch never adds to the sync's 4 calls in flight; one failure does not stop the
 * others.
 */
export async function fetchDrmBatch(
  deps: DrmDeps,
  numUniques: readonly string[],
  signal?: AbortSignal,
): Promise<ResultatDrm[]> {
  const uniques = [...new Set(numUniques)];
  return Promise.all(
    uniques.map(async (numUnique): Promise<ResultatDrm> => {
      try {
        return { numUnique, ok: true, vue: await fetchDrm(deps, numUnique, signal) };
      } catch (error) {
        if (!isGuichetError(error)) throw error;
        const codeSne = error.details.codeSne;
        return {
          numUnique,
          ok: false,
          code: typeof codeSne === 'string' ? codeSne : error.code,
          message: error.message,
        };
      }
    }),
  );
}

function arrondi(n: number): number {
  return Math.round(n * 100) / 100;
}
