// One 3DS extraction from end to end, shared by the UI and the CLI: the filters are checked
// against the SNE's rules before anything is sent, the answer is stored with its filters and
// date, then cross-checked with the cache and shaped for the screen or the workbook.
import type { ApiDatabase } from '../api/context.ts';
import type { Extraction3dsVue, Filtres3ds } from '../api-types.ts';
import { isoParis, type Clock } from '../clock.ts';
import type { Logger } from '../logger.ts';
import type { Reporting3dsClient } from '../sne/reporting3ds-client.ts';
import { attributionsDuCache } from './cache-reporting.ts';
import { comparer3ds, controlerAgregats, type Comparaison3ds } from './compare-3ds.ts';
import { territoireDeCommune } from './epci-communes.ts';
import { saveExtraction3ds } from './extractions-store.ts';
import { SEUIL_FIABILITE_JOURS } from './fiabilite-3ds.ts';
import { assertFiltres3ds, type TableEpci } from './filters-3ds.ts';
import type { Extraction3ds } from './rapport-3ds.ts';
import { evaluerCibles, totaliser } from './targets-3ds.ts';
import { resumeOf } from './extractions-store.ts';

export interface Extraire3dsDeps {
  client: Reporting3dsClient;
  /** null: nothing is stored (a CLI run without a data directory). */
  db: ApiDatabase | null;
  clock: Clock;
  epci: TableEpci;
  logger: Logger;
}

export async function extraire3ds(
  deps: Extraire3dsDeps,
  filtres: Filtres3ds,
  signal?: AbortSignal,
): Promise<Extraction3ds> {
  const valides = assertFiltres3ds(filtres, { maintenant: deps.clock.now(), epci: deps.epci });
  const rapport = await deps.client.getReporting3ds(valides, signal ? { signal } : {});
  const extraitLe = isoParis(deps.clock.now());
  const id = deps.db === null ? 0 : saveExtraction3ds(deps.db, extraitLe, valides, rapport);
  deps.logger.info('3ds extracted', {
    id,
    annee: rapport.annee,
    agrege: rapport.agrege.length,
    detail: rapport.detail.length,
  });
  return { id, extraitLe, filtres: valides, rapport };
}

/** The cross-check with the cache; null when there is no cache to compare with. */
export function controler3ds(e: Extraction3ds, db: ApiDatabase | null): Comparaison3ds | null {
  if (db === null) return null;
  const cache = attributionsDuCache(db);
  const perimetre = {
    filtres: e.filtres,
    dateArretDonnees: e.rapport.dateArretDonnees,
    epciDeCommune: territoireDeCommune,
  };
  return comparer3ds(e.rapport, cache.attributions, perimetre, cache.demandes);
}

export function vue3ds(e: Extraction3ds, comparaison: Comparaison3ds | null): Extraction3dsVue {
  const avecCibles = (ligne: Extraction3ds['rapport']['agrege'][number]) => ({
    ligne,
    ...evaluerCibles(ligne),
  });
  return {
    resume: resumeOf(e),
    extraitLe: e.extraitLe,
    dateArretDonnees: e.rapport.dateArretDonnees,
    bailleur: e.rapport.bailleur,
    agrege: e.rapport.agrege.map(avecCibles),
    total: avecCibles(totaliser(e.rapport.agrege)),
    detail: e.rapport.detail,
    seuilFiabiliteJours: SEUIL_FIABILITE_JOURS,
    controles: {
      cacheDisponible: comparaison !== null,
      attributionsLocales: comparaison?.attributionsLocales ?? 0,
      attributionsSne: e.rapport.detail.length,
      demandesHorsCache: comparaison?.demandesHorsCache ?? 0,
      attributionsAutresBailleurs: comparaison?.attributionsAutresBailleurs ?? 0,
      ecarts: comparaison?.ecarts ?? controlerAgregats(e.rapport),
    },
  };
}
