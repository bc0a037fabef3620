// One DLS as the UI and `demande --json` show it: every stored block with its SNE timestamp and
// fetch time, and what is missing and why.
import type { BlocLu, DemandeDetail } from '../api-types.ts';
import { isoParis } from '../clock.ts';
import { BLOCS, BLOCS_LOURDS, type Bloc } from '../sne/blocs.ts';
import { getBlocs } from './blocs.ts';
import { getDemandeRow } from './demandes.ts';
import { etatsDesBlocs } from './mouvements.ts';
import type { Store } from './open.ts';

export function getDemandeDetail(
  store: Store,
  numUnique: string,
  blocsLourdsALaDemande: boolean,
): DemandeDetail | null {
  const stored = getBlocs(store, numUnique);
  const jobs = etatsDesBlocs(store, numUnique);
  if (stored.length === 0 && jobs.length === 0 && !getDemandeRow(store, numUnique)) return null;

  const blocs: DemandeDetail['blocs'] = {};
  for (const s of stored) {
    const lu: BlocLu = {
      contenu: s.contenu,
      dateFichier: s.dateFichier,
      recupereLe: isoParis(new Date(s.recupereMs)),
    };
    (blocs as Record<Bloc, BlocLu>)[s.bloc] = lu;
  }
  const present = new Set(stored.map((s) => s.bloc));
  const jobOf = new Map(jobs.map((j) => [j.bloc, j]));
  const manquants: DemandeDetail['manquants'] = [];
  for (const bloc of BLOCS) {
    if (present.has(bloc)) continue;
    const job = jobOf.get(bloc);
    if (job?.etat === 'ECHEC') manquants.push({ bloc, raison: `échec : ${job.code ?? 'inconnu'}` });
    else if (job?.etat === 'A_FAIRE')
      manquants.push({ bloc, raison: 'en attente de récupération' });
    else if (job?.etat === 'SIGNALE') {
      const le = isoParis(new Date(job.dateMouvementMs));
      manquants.push({ bloc, raison: `à la demande : mouvement du ${le} en attente` });
    } else if (blocsLourdsALaDemande && BLOCS_LOURDS.includes(bloc)) {
      manquants.push({ bloc, raison: 'à la demande' });
    } else manquants.push({ bloc, raison: 'pas encore récupéré' });
  }
  // A heavy block signalled waits for the user's "Actualiser", stored or not.
  const enAttente = BLOCS.filter((b) => {
    const job = jobOf.get(b);
    return job?.etat === 'SIGNALE' || (job?.etat === 'A_FAIRE' && present.has(b));
  });
  return { numUnique, blocs, manquants, enAttente };
}
