// What the 3DS cross-check and the DRM view read from the synchronised blocks: attributions with
// a signed lease, the Cerfa's radiation date, and the applicant's declared monthly resources.
// The store offers no "all blocks of one kind" reader, so these queries read H4's blocs table
// (num_unique, bloc, contenu) directly and parse contents with its bloc-json codec.
import type { ApiDatabase } from '../api/context.ts';
import type { Attribution, Cerfa, Evenement } from '../sne/blocs.ts';
import { blocFromJson } from '../store/bloc-json.ts';
import type { AttributionLocale } from './compare-3ds.ts';

export interface AttributionsDuCache {
  attributions: AttributionLocale[];
  /** Demands whose attributions block is cached, with or without a signed lease. */
  demandes: Set<string>;
}

export function attributionsDuCache(db: ApiDatabase): AttributionsDuCache {
  const rows = db
    .prepare(
      `SELECT a.num_unique AS numUnique, a.contenu AS attributions, c.contenu AS cerfa,
         e.contenu AS evenements
       FROM blocs a
       LEFT JOIN blocs c ON c.num_unique = a.num_unique AND c.bloc = 'cerfa'
       LEFT JOIN blocs e ON e.num_unique = a.num_unique AND e.bloc = 'evenements'
       WHERE a.bloc = 'attributions'`,
    )
    .all() as {
    numUnique: string;
    attributions: string;
    cerfa: string | null;
    evenements: string | null;
  }[];
  const out: AttributionLocale[] = [];
  const demandes = new Set<string>();
  for (const row of rows) {
    demandes.add(row.numUnique);
    const attributions = blocFromJson(row.attributions) as Attribution[] | null;
    const cerfa = row.cerfa === null ? null : (blocFromJson(row.cerfa) as Cerfa | null);
    const radiation = cerfa?.radiation ?? null;
    const guichetRadiation =
      radiation?.motifRadiation === 'RADATT' && row.evenements !== null
        ? auteurRadiation(blocFromJson(row.evenements) as Evenement[] | null)
        : null;
    for (const a of attributions ?? []) {
      if (a.dateSignatureBail === null) continue;
      out.push({
        numUnique: row.numUnique,
        dateSignatureBail: a.dateSignatureBail.slice(0, 10),
        communeLogement: a.communeLogement,
        enQPV: a.enQPV,
        dateRadiation: radiation?.dateRadiation.slice(0, 10) ?? null,
        guichetRadiation,
      });
    }
  }
  return { attributions: out, demandes };
}

function auteurRadiation(evenements: Evenement[] | null): string | null {
  const radiations = (evenements ?? []).filter((e) => e.type === 'RADIATION');
  return radiations.at(-1)?.guichet ?? null;
}

/**
 * The main applicant's declared monthly resources (Cerfa), the ones DRM measures: co-applicants
 * are outside DRM. null when the Cerfa is not in the cache.
 */
export function ressourcesDeclarees(db: ApiDatabase, numUnique: string): number | null {
  const row = db
    .prepare(`SELECT contenu FROM blocs WHERE num_unique = ? AND bloc = 'cerfa'`)
    .get(numUnique) as { contenu: string } | undefined;
  if (!row) return null;
  const cerfa = blocFromJson(row.contenu) as Cerfa | null;
  const ressources = cerfa?.personnePhysique.demandeur.listeRessourceRecue;
  if (!ressources) return null;
  return Math.round(ressources.reduce((sum, r) => sum + r.montant, 0) * 100) / 100;
}
