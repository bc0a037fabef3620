// Cross-check of a 3DS answer with the guichet's own cache: attributions the cache holds that
// the SNE's detail lacks, the reverse, and dates that disagree. Also checks that the SNE's
// aggregated rows agree with its own detail, since the préfet reads the former.
import type { Ecart3ds, Filtres3ds } from '../api-types.ts';
import type { LigneDetail3ds, Rapport3ds } from './rapport-3ds.ts';

/** An attribution with a signed lease as the cache knows it (attributions + Cerfa blocks). */
export interface AttributionLocale {
  numUnique: string;
  dateSignatureBail: string;
  communeLogement: string; // INSEE code
  enQPV: boolean;
  /** The Cerfa's radiation date, when the cache holds one. */
  dateRadiation: string | null;
  /**
   * The guichet that radiated the demand after the attribution (RADATT), which is the bailleur
   * that signed the lease; null while the demand is not radiated for attribution.
   */
  guichetRadiation: string | null;
}

export interface Comparaison3ds {
  attributionsLocales: number;
  attributionsSne: number;
  /** SNE rows on demands the cache does not hold at all (outside the synchronised territory). */
  demandesHorsCache: number;
  /** Local attributions radiated by another bailleur: the SNE rightly leaves them out. */
  attributionsAutresBailleurs: number;
  ecarts: Ecart3ds[];
}

export interface PerimetreLocal {
  filtres: Filtres3ds;
  dateArretDonnees: string;
  /** EPCI/EPT of a commune, when known: needed to apply an EPCI selection to the cache. */
  epciDeCommune?: (commune: string) => string | null;
}

export function departementDeCommune(commune: string): string {
  return commune.startsWith('97') ? commune.slice(0, 3) : commune.slice(0, 2);
}

/** The local attributions the SNE should also count under these filters. */
export function dansLePerimetre(a: AttributionLocale, p: PerimetreLocal): boolean {
  const debut = `${String(p.filtres.annee)}-01-01`;
  if (a.dateSignatureBail < debut || a.dateSignatureBail > p.dateArretDonnees) return false;
  const departements = p.filtres.departements;
  if (departements.length > 0 && !departements.includes(departementDeCommune(a.communeLogement))) {
    return false;
  }
  if (p.filtres.epci.length > 0 && p.epciDeCommune) {
    const epci = p.epciDeCommune(a.communeLogement);
    if (epci === null || !p.filtres.epci.includes(epci)) return false;
  }
  return true;
}

/**
 * `demandesEnCache`: the demands whose attributions block the cache holds. An SNE row on any
 * other demand is outside what the guichet synchronises: it is counted, not listed as missing.
 */
export function comparer3ds(
  rapport: Rapport3ds,
  locales: readonly AttributionLocale[],
  perimetre: PerimetreLocal,
  demandesEnCache: ReadonlySet<string>,
): Comparaison3ds {
  const bailleur = rapport.bailleur?.guichet ?? null;
  const dansPerimetre = locales.filter((a) => dansLePerimetre(a, perimetre));
  const autreBailleur = (a: AttributionLocale): boolean =>
    bailleur !== null && a.guichetRadiation !== null && a.guichetRadiation !== bailleur;
  const retenues = dansPerimetre.filter((a) => !autreBailleur(a));
  const ecarts: Ecart3ds[] = [];
  const sneParNum = grouper(rapport.detail, (d) => d.numUnique);
  const localParNum = grouper(retenues, (a) => a.numUnique);

  for (const [num, cote] of localParNum) {
    apparier(num, cote, sneParNum.get(num) ?? [], ecarts);
  }
  let demandesHorsCache = 0;
  for (const [num, cote] of sneParNum) {
    if (localParNum.has(num)) continue;
    if (!demandesEnCache.has(num)) {
      demandesHorsCache += cote.length;
      continue;
    }
    for (const d of cote) ecarts.push(absenteDuCache(d));
  }
  ecarts.push(...controlerAgregats(rapport));
  return {
    attributionsLocales: retenues.length,
    attributionsSne: rapport.detail.length,
    demandesHorsCache,
    attributionsAutresBailleurs: dansPerimetre.length - retenues.length,
    ecarts,
  };
}

// Several attributions of one DLS: equal lease dates pair first, the rest pair in date order
// and then differ by their dates; whatever is left on one side is missing from the other.
function apparier(
  num: string,
  locales: AttributionLocale[],
  sne: LigneDetail3ds[],
  ecarts: Ecart3ds[],
): void {
  const restantesSne = [...sne].sort((a, b) =>
    a.dateSignatureBail.localeCompare(b.dateSignatureBail),
  );
  const restantesLocales: AttributionLocale[] = [];
  const paires: [AttributionLocale, LigneDetail3ds][] = [];
  for (const a of [...locales].sort((x, y) =>
    x.dateSignatureBail.localeCompare(y.dateSignatureBail),
  )) {
    const i = restantesSne.findIndex((d) => d.dateSignatureBail === a.dateSignatureBail);
    if (i >= 0)
      paires.push([a, ...restantesSne.splice(i, 1)] as [AttributionLocale, LigneDetail3ds]);
    else restantesLocales.push(a);
  }
  while (restantesLocales.length > 0 && restantesSne.length > 0) {
    paires.push([restantesLocales.shift(), restantesSne.shift()] as [
      AttributionLocale,
      LigneDetail3ds,
    ]);
  }
  for (const [a, d] of paires) ecarts.push(...datesDiscordantes(a, d));
  for (const a of restantesLocales) ecarts.push(absenteDuSne(num, a));
  for (const d of restantesSne) ecarts.push(absenteDuCache(d));
}

function datesDiscordantes(a: AttributionLocale, d: LigneDetail3ds): Ecart3ds[] {
  const out: Ecart3ds[] = [];
  if (a.dateSignatureBail !== d.dateSignatureBail) {
    out.push({
      type: 'DATE_SIGNATURE_DIFFERENTE',
      numUnique: d.numUnique,
      epci: d.epci,
      local: a.dateSignatureBail,
      sne: d.dateSignatureBail,
      message: `Date de signature du bail différente : ${frDate(a.dateSignatureBail)} dans le cache, ${frDate(d.dateSignatureBail)} au SNE.`,
    });
  }
  // Only a radiation known on both sides can disagree; one side lagging is not a discrepancy.
  if (a.dateRadiation !== null && d.dateRadiation !== null && a.dateRadiation !== d.dateRadiation) {
    out.push({
      type: 'DATE_RADIATION_DIFFERENTE',
      numUnique: d.numUnique,
      epci: d.epci,
      local: a.dateRadiation,
      sne: d.dateRadiation,
      message: `Date de radiation différente : ${frDate(a.dateRadiation)} dans le cache, ${frDate(d.dateRadiation)} au SNE.`,
    });
  }
  return out;
}

function absenteDuSne(num: string, a: AttributionLocale): Ecart3ds {
  return {
    type: 'ABSENTE_DU_SNE',
    numUnique: num,
    epci: null,
    local: a.dateSignatureBail,
    sne: null,
    message: `Attribution présente dans le cache (bail signé le ${frDate(a.dateSignatureBail)}, commune ${a.communeLogement}) mais absente du détail du SNE : attribution non remontée, ou d'un autre bailleur si la demande n'est pas encore radiée.`,
  };
}

function absenteDuCache(d: LigneDetail3ds): Ecart3ds {
  return {
    type: 'ABSENTE_DU_CACHE',
    numUnique: d.numUnique,
    epci: d.epci,
    local: null,
    sne: d.dateSignatureBail,
    message: `Attribution comptée par le SNE (bail signé le ${frDate(d.dateSignatureBail)}) mais absente du bloc attributions en cache : actualisez cette demande.`,
  };
}

/** The SNE's aggregated counts against its own detail, per EPCI/EPT. */
export function controlerAgregats(rapport: Rapport3ds): Ecart3ds[] {
  const parEpci = grouper(rapport.detail, (d) => d.epci);
  const out: Ecart3ds[] = [];
  for (const ligne of rapport.agrege) {
    const lignes = parEpci.get(ligne.epci) ?? [];
    const hors = lignes.filter((d) => !d.enQPV);
    const dans = lignes.filter((d) => d.enQPV);
    const attendu = {
      horsQPV: hors.length,
      q1EtANRU: hors.filter((d) => d.quartile === 1 || d.relogeANRU).length,
      enQPV: dans.length,
      q2q3q4: dans.filter((d) => d.quartile !== 1).length,
    };
    const lu = {
      horsQPV: ligne.horsQPV.attributions,
      q1EtANRU: ligne.horsQPV.q1 + ligne.horsQPV.relogesANRU,
      enQPV: ligne.enQPV.attributions,
      q2q3q4: ligne.enQPV.q2q3q4,
    };
    for (const cle of Object.keys(attendu) as (keyof typeof attendu)[]) {
      if (attendu[cle] === lu[cle]) continue;
      out.push({
        type: 'AGREGAT_INCOHERENT',
        numUnique: null,
        epci: ligne.epci,
        local: String(attendu[cle]),
        sne: String(lu[cle]),
        message: `${ligne.nomEpci} : l'agrégat « ${LIBELLES[cle]} » vaut ${String(lu[cle])} alors que le détail du SNE en compte ${String(attendu[cle])}.`,
      });
    }
  }
  return out;
}

const LIBELLES = {
  horsQPV: 'attributions hors QPV',
  q1EtANRU: 'Q1 + relogés ANRU hors QPV',
  enQPV: 'attributions en QPV',
  q2q3q4: 'Q2 à Q4 en QPV',
} as const;

function grouper<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

function frDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d ?? ''}/${m ?? ''}/${y ?? ''}`;
}
