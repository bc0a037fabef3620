// Real French geography for the simulator: current communes, departments, EPCI and the 11 EPT of
// the Métropole du Grand Paris, from @etalab/decoupage-administratif 6.0.0. The package's main
// module reads its files relative to the working directory and throws (stack.md §10), so the
// data/*.json files are required directly. They weigh 13 MB: they are parsed once per process
// and the indices below are built once, so a 100,000-DLS generation pays for them only once.
import { createRequire } from 'node:module';
import type { Rng } from './random.ts';
import { pickCumulative } from './random.ts';
import type { RawCommune, RawDepartement, RawGroupement } from './reference-tables.ts';
import {
  deriveEpciDepartements,
  deriveQpv,
  estSoumisReforme,
  seuilQ1,
} from './reference-tables.ts';

export const ILE_DE_FRANCE = '11';

export interface Commune {
  code: string;
  nom: string;
  departement: string;
  region: string;
  codePostal: string;
  population: number;
  /** SIREN of its 3DS territory: its EPT when it has one, else its EPCI; null outside any. */
  territoire: string | null;
  qpv: readonly string[];
}

export interface Departement {
  code: string;
  nom: string;
  region: string;
}

/** An EPCI or EPT as 3DS sees it. */
export interface Territoire {
  siren: string;
  nom: string;
  type: string; // CC, CA, CU, METRO, MET69, EPT
  departement: string;
  region: string;
  soumisReforme: boolean;
  membres: readonly string[];
}

export interface Geography {
  communes: ReadonlyMap<string, Commune>;
  departements: ReadonlyMap<string, Departement>;
  territoires: ReadonlyMap<string, Territoire>;
  /** Picks a commune weighted by population, in one department or one region. */
  pickCommune(rng: Rng, scope: { departement: string } | { region: string } | 'FRANCE'): Commune;
  /** Picks a commune with equal weights in one department (reaches rural communes too). */
  pickCommuneUniforme(rng: Rng, departement: string): Commune;
  /** Q1 threshold used for quartiles (every territory has one, published or not). */
  seuilQ1(siren: string, annee: number): number;
}

interface Tirage {
  communes: Commune[];
  cumul: Float64Array;
}

let cached: Geography | undefined;

/** The geography, loaded on first use and kept for the life of the process. */
export function loadGeography(): Geography {
  cached ??= buildGeography(loadRaw());
  return cached;
}

export interface RawGeography {
  communes: RawCommune[];
  departements: RawDepartement[];
  epci: RawGroupement[];
  ept: RawGroupement[];
}

let rawCached: RawGeography | undefined;

export function loadRaw(): RawGeography {
  if (rawCached) return rawCached;
  const require = createRequire(import.meta.url);
  const base = '@etalab/decoupage-administratif/data/';
  rawCached = {
    communes: require(`${base}communes.json`) as RawCommune[],
    departements: require(`${base}departements.json`) as RawDepartement[],
    epci: require(`${base}epci.json`) as RawGroupement[],
    ept: require(`${base}ept.json`) as RawGroupement[],
  };
  return rawCached;
}

function buildGeography(raw: RawGeography): Geography {
  const departements = new Map<string, Departement>();
  // SNE departments: metropolitan and DROM; overseas collectivities (zone com) have no SNE.
  for (const d of raw.departements) {
    if (d.zone !== 'com') departements.set(d.code, { code: d.code, nom: d.nom, region: d.region });
  }
  const actuelles = raw.communes.filter(
    (c) => c.type === 'commune-actuelle' && c.departement && departements.has(c.departement),
  );
  const communeDepartement = new Map(actuelles.map((c) => [c.code, c.departement as string]));
  const qpv = deriveQpv(actuelles);
  const territoires = buildTerritoires(raw, communeDepartement, qpv, departements);

  const territoireDe = new Map<string, string>();
  for (const g of raw.epci) for (const m of g.membres) territoireDe.set(m.code, g.code);
  // EPT membership wins: inside the Métropole du Grand Paris, 3DS reports per EPT.
  for (const g of raw.ept) for (const m of g.membres) territoireDe.set(m.code, g.code);

  const communes = new Map<string, Commune>();
  for (const c of actuelles) {
    const dep = departements.get(c.departement as string) as Departement;
    communes.set(c.code, {
      code: c.code,
      nom: c.nom,
      departement: dep.code,
      region: dep.region,
      codePostal: c.codesPostaux?.[0] ?? `${c.code.replace(/^2[AB]/, '20')}`,
      population: c.population ?? 0,
      territoire: territoireDe.get(c.code) ?? null,
      qpv: qpv.get(c.code) ?? [],
    });
  }
  return makeGeography(communes, departements, territoires);
}

function buildTerritoires(
  raw: RawGeography,
  communeDepartement: ReadonlyMap<string, string>,
  qpv: ReadonlyMap<string, readonly string[]>,
  departements: ReadonlyMap<string, Departement>,
): Map<string, Territoire> {
  const groupements = [...raw.epci, ...raw.ept];
  const deps = deriveEpciDepartements(groupements, communeDepartement);
  const out = new Map<string, Territoire>();
  for (const g of groupements) {
    const d = deps.get(g.code);
    if (!d) continue;
    out.set(g.code, {
      siren: g.code,
      nom: g.nom,
      type: g.type,
      departement: d.departement,
      region: departements.get(d.departement)?.region ?? '',
      soumisReforme: estSoumisReforme(g, qpv),
      membres: g.membres.map((m) => m.code),
    });
  }
  return out;
}

function makeGeography(
  communes: Map<string, Commune>,
  departements: Map<string, Departement>,
  territoires: Map<string, Territoire>,
): Geography {
  // Grouped once: building each department's list by scanning 35,000 communes would cost
  // 100 scans on the first generation.
  const groupes = new Map<string, Commune[]>([['FR', []]]);
  for (const c of communes.values()) {
    for (const key of ['FR', `D${c.departement}`, `R${c.region}`]) {
      let g = groupes.get(key);
      if (!g) groupes.set(key, (g = []));
      g.push(c);
    }
  }
  const tirages = new Map<string, Tirage>();
  const tirage = (key: string): Tirage => {
    let t = tirages.get(key);
    if (!t) {
      const list = groupes.get(key) ?? [];
      if (list.length === 0) throw new RangeError(`Aucune commune pour ${key}`);
      const cumul = new Float64Array(list.length);
      let total = 0;
      list.forEach((c, i) => {
        total += c.population + 1;
        cumul[i] = total;
      });
      t = { communes: list, cumul };
      tirages.set(key, t);
    }
    return t;
  };
  return {
    communes,
    departements,
    territoires,
    pickCommune(rng, scope) {
      const t = tirage(
        scope === 'FRANCE'
          ? 'FR'
          : 'departement' in scope
            ? `D${scope.departement}`
            : `R${scope.region}`,
      );
      return t.communes[pickCumulative(rng, t.cumul)] as Commune;
    },
    pickCommuneUniforme(rng, departement) {
      return rng.pick(groupes.get(`D${departement}`) ?? []);
    },
    seuilQ1(siren, annee) {
      const region = territoires.get(siren)?.region;
      return seuilQ1(siren, annee, region === ILE_DE_FRANCE);
    },
  };
}
