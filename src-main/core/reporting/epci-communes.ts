// The 3DS territory of a commune: its EPT inside the Métropole du Grand Paris, else its EPCI.
// Needed only to apply an EPCI selection to the cache's attributions, which name a commune. The
// package's JSON files weigh 4 MB, so they are read on first use only (and required directly:
// the package's main module reads relative to the working directory, stack.md §10).
import { createRequire } from 'node:module';

interface Groupement {
  code: string;
  membres: { code: string }[];
}

let territoires: Map<string, string> | null = null;

export function territoireDeCommune(commune: string): string | null {
  territoires ??= chargerTerritoires();
  return territoires.get(commune) ?? null;
}

function chargerTerritoires(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const epci = require('@etalab/decoupage-administratif/data/epci.json') as Groupement[];
  const ept = require('@etalab/decoupage-administratif/data/ept.json') as Groupement[];
  const map = new Map<string, string>();
  for (const g of epci) for (const m of g.membres) map.set(m.code, g.code);
  // EPT last: a commune of the Grand Paris is reported under its EPT, not the métropole.
  for (const g of ept) for (const m of g.membres) map.set(m.code, g.code);
  return map;
}
