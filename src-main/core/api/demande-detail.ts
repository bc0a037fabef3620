// One DLS as the UI and `demande --json` show it: its stored blocks, what is missing and why,
// and which blocks have a newer movement waiting. For the UI the binary files are left out (a
// PDF per piece would make every read heavy): getPiece fetches one when the agent opens or
// saves it; the CLI asks for them.
import type { BlocLu, DemandeDetail } from '../api-types.ts';
import { GuichetError } from '../errors.ts';
import { BLOCS, BLOCS_LOURDS } from '../sne/blocs.ts';
import type { Bloc, BlocContenu, NoteCotation, PieceJustificative } from '../sne/blocs.ts';
import { getBlocs } from '../store/blocs.ts';
import { etatsDesBlocs, type EtatBloc } from '../store/mouvements.ts';
import type { Store } from '../store/open.ts';
import { nomCommune } from '../store/commune-names.ts';

type JobRow = EtatBloc;

export function getDemandeVue(
  store: Store,
  numUnique: string,
  blocsLourdsALaDemande: boolean,
  options: { avecFichiers?: boolean } = {},
): DemandeDetail | null {
  const known = store
    .statement<number>('SELECT count(*) FROM demandes WHERE num_unique = ?')
    .pluck()
    .get(numUnique) as number;
  const stored = getBlocs(store, numUnique);
  if (known === 0 && stored.length === 0) return null;
  const jobs = etatsDesBlocs(store, numUnique);
  const jobOf = new Map(jobs.map((j) => [j.bloc, j]));

  const blocs: DemandeDetail['blocs'] = {};
  const enAttente: Bloc[] = [];
  for (const s of stored) {
    const lu: BlocLu = {
      contenu: options.avecFichiers ? s.contenu : withoutFiles(s.bloc, s.contenu),
      dateFichier: s.dateFichier,
      recupereLe: new Date(s.recupereMs).toISOString(),
    };
    (blocs as Record<Bloc, BlocLu>)[s.bloc] = lu;
    const job = jobOf.get(s.bloc);
    if (job && job.etat !== 'FAIT' && job.dateMouvementMs > s.recupereMs) enAttente.push(s.bloc);
  }
  // A heavy block GDM said moved waits for "Actualiser", whether a copy is stored or not.
  for (const bloc of BLOCS) {
    if (jobOf.get(bloc)?.etat === 'SIGNALE' && !enAttente.includes(bloc)) enAttente.push(bloc);
  }
  const manquants = BLOCS.filter((b) => !(b in blocs)).map((bloc) => ({
    bloc,
    raison: raisonManquant(jobOf.get(bloc), bloc, blocsLourdsALaDemande),
  }));
  return { numUnique, blocs, manquants, enAttente, nomsCommunes: nomsDesCommunes(blocs) };
}

function nomsDesCommunes(blocs: DemandeDetail['blocs']): Record<string, string> {
  const cerfa = blocs.cerfa?.contenu;
  const codes = [
    ...(cerfa?.logementRecherche.listeLocalisationSouhaite.map((l) => l.commune) ?? []),
    ...(cerfa ? [cerfa.personnePhysique.demandeur.adressePostale.commune] : []),
    ...(blocs.attributions?.contenu.map((a) => a.communeLogement) ?? []),
  ];
  const noms: Record<string, string> = {};
  for (const code of codes) {
    const nom = nomCommune(code);
    if (nom !== undefined) noms[code] = nom;
  }
  return noms;
}

function raisonManquant(job: JobRow | undefined, bloc: Bloc, lourdsALaDemande: boolean): string {
  if (job?.etat === 'ECHEC') {
    return `Échec de la récupération (${job.code ?? 'erreur'}) : ${job.message ?? 'sans détail'}.`;
  }
  if (job?.etat === 'A_FAIRE')
    return 'En file d’attente : il sera récupéré par la synchronisation.';
  if (job?.etat === 'SIGNALE') {
    const le = new Date(job.dateMouvementMs).toLocaleString('fr-FR', { timeZone: 'Europe/Paris' });
    return `Récupéré à la demande (paramètre « blocs lourds ») : le SNE signale un mouvement du ${le}, cliquez sur « Actualiser » pour le récupérer.`;
  }
  if (BLOCS_LOURDS.includes(bloc) && lourdsALaDemande) {
    return 'Récupéré à la demande (paramètre « blocs lourds ») : cliquez sur « Actualiser ».';
  }
  return 'Pas encore récupéré : aucun mouvement de ce bloc n’a été signalé par le SNE.';
}

// Files are replaced by their size: the renderer lists them and asks for the bytes by name.
function withoutFiles(bloc: Bloc, contenu: BlocContenu[Bloc]): BlocContenu[Bloc] {
  if (bloc === 'pieces') {
    return (contenu as PieceJustificative[]).map((p) => ({
      ...p,
      fichier: { contentType: p.fichier.contentType, octets: new Uint8Array(0) },
    }));
  }
  if (bloc === 'noteCotation' && contenu) {
    const note = contenu as NoteCotation;
    return {
      ...note,
      fichier: { contentType: note.fichier.contentType, octets: new Uint8Array(0) },
    };
  }
  return contenu;
}

/** One document of a DLS (a piece or the cotation note), by its file name. */
export function getPieceVue(
  store: Store,
  numUnique: string,
  nomFichier: string,
): { contentType: string; base64: string } {
  for (const s of getBlocs(store, numUnique)) {
    const files =
      s.bloc === 'pieces'
        ? (s.contenu as PieceJustificative[])
        : s.bloc === 'noteCotation' && s.contenu
          ? [s.contenu as NoteCotation]
          : [];
    const found = files.find((f) => f.nomFichier === nomFichier);
    if (found) {
      return {
        contentType: found.fichier.contentType,
        base64: Buffer.from(found.fichier.octets).toString('base64'),
      };
    }
  }
  throw new GuichetError(
    'ARGUMENT_INVALIDE',
    `Le document « ${nomFichier} » n’est pas dans le cache pour cette demande : actualisez-la.`,
  );
}
