// INSEE commune code -> name, so that search finds a demand by the name of a desired commune
// ("saint etienne") and not only by its code. Loaded once, on first use: the source file is
// several megabytes and most commands never need it.
import { createRequire } from 'node:module';

let names: Map<string, string> | null = null;

export function nomCommune(code: string): string | undefined {
  names ??= load();
  return names.get(code);
}

function load(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const communes = require('@etalab/decoupage-administratif/data/communes.json') as {
    code: string;
    nom: string;
    type: string;
  }[];
  const map = new Map<string, string>();
  for (const c of communes) {
    // Current communes win over delegated ones that share a code.
    if (c.type === 'commune-actuelle' || !map.has(c.code)) map.set(c.code, c.nom);
  }
  return map;
}

/** The department of an INSEE commune code: 2 characters, 3 overseas (971-976). */
export function departementDeCommune(code: string): string {
  return code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
}
