// The EPCI/EPT an agent can pick in the 3DS filters: those whose seat commune lies in the chosen
// departments (all of them when none is chosen), named, with their department's name so that the
// screen can offer departments by name without a table of its own.
import { createRequire } from 'node:module';
import type { Territoire3ds } from '../api-types.ts';
import { epciDesDepartements, type TableEpci } from './filters-3ds.ts';

interface Departement {
  code: string;
  nom: string;
}

let nomsDepartements: Map<string, string> | null = null;

export function territoires3ds(table: TableEpci, departements: string[]): Territoire3ds[] {
  nomsDepartements ??= chargerNoms();
  const noms = nomsDepartements;
  return epciDesDepartements(table, departements).map((e) => ({
    siren: e.siren,
    nom: e.nom,
    type: e.type,
    departement: e.departement,
    // A code the package does not know (a table newer than the package) is shown as is.
    nomDepartement: noms.get(e.departement) ?? e.departement,
  }));
}

// Required directly: the package's main module reads relative to the working directory.
function chargerNoms(): Map<string, string> {
  const require = createRequire(import.meta.url);
  const liste = require('@etalab/decoupage-administratif/data/departements.json') as Departement[];
  return new Map(liste.map((d) => [d.code, d.nom]));
}
