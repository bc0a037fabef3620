// The DLS the SOAP tests ask the real simulator for, picked from its generated data by what they
// prove: one with every block filled (files included), one with the optional blocks absent, one
// outside the guichet's territory, one purged, one that never existed. Generated text holds no
// character XML must escape and generated PDFs only some byte values, so one hand-built DLS
// (soap-fixtures.ts) is added to the simulator's data as well: the same server code answers it.
import { readFileSync } from 'node:fs';
import type { SimulatorHandle } from '../../src-main/core/simulator/index.ts';
import type { SimDls } from '../../src-main/core/simulator/model.ts';
import type { BlocContenu } from '../../src-main/core/sne/blocs.ts';
import type { ClientCertificate } from '../../src-main/core/sne/tls.ts';
import { blocsExemple, blocsVides } from './soap-fixtures.ts';

export interface SoapCases {
  /** In the territory, all nine blocks non-empty (cotation, note and pieces with files). */
  lisible: string;
  /** In the territory, no cotation, no note, no attribution, no DALO decision, no radiation. */
  vide: string;
  /** Hand-built, in the territory: text to escape, files holding every byte value. */
  fixture: string;
  /** Same hand-built blocks with every optional block absent and every list empty. */
  fixtureVide: string;
  horsTerritoire: string;
  purgee: string;
  inconnu: string;
}

/** The guichet's identity as the engine would load it: PKCS#12 from the simulator PKI, its CA. */
export function guichetCert(sim: SimulatorHandle, name: string): ClientCertificate {
  return {
    pfx: readFileSync(sim.pki.guichetP12(name)),
    passphrase: sim.pki.passphrase,
    ca: readFileSync(sim.pki.ca),
  };
}

export function soapCases(sim: SimulatorHandle, guichet = 'G1104'): SoapCases {
  const { data } = sim.ctx;
  const territoire = data.guichets.get(guichet)?.departements ?? [];
  const dedans = (d: SimDls): boolean => d.departements.some((x) => territoire.includes(x));
  const all = [...data.dls.values()];
  const lisibles = all.filter((d) => !d.purgee && dedans(d));
  const lisible = lisibles.find((d) => complet(d.blocs));
  const vide = lisibles.find((d) => clairseme(d.blocs));
  const horsTerritoire = all.find((d) => !d.purgee && !dedans(d));
  const purgee = all.find((d) => d.purgee && dedans(d));
  const departement = territoire[0] ?? '93';
  const fixture = ajoute(sim, blocsExemple, numero(departement, 1, guichet), departement);
  const fixtureVide = ajoute(sim, blocsVides, numero(departement, 2, guichet), departement);
  const inconnu = numero(departement, 3, guichet);
  if (!lisible || !vide || !horsTerritoire || !purgee || data.dls.has(inconnu)) {
    throw new Error(
      'Données générées sans les cas SOAP attendus : changer de graine ou de volume.',
    );
  }
  return {
    lisible: lisible.numUnique,
    vide: vide.numUnique,
    fixture,
    fixtureVide,
    horsTerritoire: horsTerritoire.numUnique,
    purgee: purgee.numUnique,
    inconnu,
  };
}

function complet(b: BlocContenu): boolean {
  return (
    b.cotation !== null &&
    b.noteCotation !== null &&
    b.pieces.length > 0 &&
    b.attributions.length > 0 &&
    b.contingents.length > 0 &&
    b.criteres.length > 0 &&
    b.evenements.length > 0 &&
    b.dalo.dateDecision !== null
  );
}

function clairseme(b: BlocContenu): boolean {
  return (
    b.cotation === null &&
    b.noteCotation === null &&
    b.attributions.length === 0 &&
    b.dalo.dateDecision === null &&
    b.cerfa.radiation === null
  );
}

/** A number the generator never gives (sequence 999xxx), registered by the guichet. */
function numero(departement: string, rang: number, guichet: string): string {
  return `${departement.padStart(3, '0')}0324999${String(rang).padStart(3, '0')}${guichet}`;
}

/** Adds a hand-built DLS whose only desired location lies in the guichet's territory. */
function ajoute(
  sim: SimulatorHandle,
  blocs: (numUnique: string) => BlocContenu,
  numUnique: string,
  departement: string,
): string {
  if (sim.ctx.data.dls.has(numUnique)) throw new Error(`numéro déjà généré : ${numUnique}`);
  const contenu = blocs(numUnique);
  const commune = `${departement}001`;
  contenu.cerfa.logementRecherche.listeLocalisationSouhaite = [{ commune }];
  sim.ctx.data.dls.set(numUnique, {
    numUnique,
    communes: [commune],
    departements: [departement],
    statutNir: 'PERMANENT',
    etatCivilCoherent: true,
    drm: [],
    suiviAttributions: [],
    purgee: false,
    blocs: contenu,
  });
  return numUnique;
}
