// `export-3ds`: the bailleur's 3DS reporting as an Excel workbook, in one command. The filters
// are checked against the SNE's rules before the call; the answer is kept in the cache (when it
// opens) and cross-checked with it; the workbook has the three sheets of the UI's export.
import { parseArgs } from 'node:util';
import { systemClock } from '../../core/clock.ts';
import type { Filtres3ds } from '../../core/api-types.ts';
import { EPCI_TABLE_PATH } from '../../core/api/reporting-api.ts';
import { exporter3dsXlsx } from '../../core/reporting/export-3ds-xlsx.ts';
import { assertFiltres3ds, loadTableEpci, PERIMETRES } from '../../core/reporting/filters-3ds.ts';
import { controler3ds, extraire3ds } from '../../core/reporting/reporting-3ds.ts';
import { createReporting3dsClient } from '../../core/sne/reporting3ds-client.ts';
import { EXIT, type CliCommand, type CliIo } from '../command.ts';
import { openCliSne, SNE_OPTIONS } from './cli-sne.ts';

const HELP = `Usage :
  sne-guichet export-3ds --annee AAAA [--departements 69,2A] [--epci SIREN,SIREN]
                         [--perimetre TOUS|REFORME|HORS_REFORME] --out FICHIER.xlsx
                         [--sne-url URL] [--pfx FICHIER --passphrase-env VARIABLE] [--ca FICHIER]
                         [--data-dir DOSSIER] [--json]

Extrait le reporting 3DS du guichet bailleur (art. L.441-1 CCH) et l'écrit dans un classeur
Excel : « Données agrégées », « Données détaillées » et « Contrôles ». Avant le 1er mars, l'année
précédente est encore possible ; ensuite seulement l'année en cours.
`;

const OPTIONS = {
  ...SNE_OPTIONS,
  annee: { type: 'string' },
  departements: { type: 'string' },
  epci: { type: 'string' },
  perimetre: { type: 'string', default: 'TOUS' },
  out: { type: 'string' },
  help: { type: 'boolean', default: false },
} as const;

export const export3dsCommand: CliCommand = {
  name: 'export-3ds',
  summary: 'Extraire le reporting 3DS du bailleur vers un classeur Excel',
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: OPTIONS, strict: true });
    if (values.help) {
      io.out.write(HELP);
      return EXIT.OK;
    }
    const filtres = readFiltres(values, io);
    if (filtres === null || values.out === undefined) {
      if (values.out === undefined) io.err.write(`Il faut --out FICHIER.xlsx.\n\n${HELP}`);
      return EXIT.USAGE;
    }
    // Invalid filters are explained before any certificate, cache or network is touched.
    const epci = loadTableEpci(EPCI_TABLE_PATH);
    assertFiltres3ds(filtres, { maintenant: systemClock.now(), epci });
    const sne = await openCliSne(values, io);
    try {
      const client = createReporting3dsClient({ sneUrl: sne.sneUrl, agent: sne.agent });
      const deps = {
        client,
        db: sne.store?.db ?? null,
        clock: systemClock,
        epci,
        logger: sne.logger,
      };
      const extraction = await extraire3ds(deps, filtres, io.signal);
      const comparaison = controler3ds(extraction, deps.db);
      await exporter3dsXlsx(extraction, comparaison, { filename: values.out });
      report(io, values.json, values.out, extraction, comparaison?.ecarts.length ?? null);
      return EXIT.OK;
    } finally {
      await sne.close();
    }
  },
};

function readFiltres(
  values: { annee?: string; departements?: string; epci?: string; perimetre: string },
  io: CliIo,
): Filtres3ds | null {
  const annee = Number(values.annee);
  if (values.annee === undefined || !Number.isInteger(annee)) {
    io.err.write(`Il faut --annee AAAA (par exemple --annee ${new Date().getFullYear()}).\n`);
    return null;
  }
  const perimetre = values.perimetre.toUpperCase();
  if (!(PERIMETRES as readonly string[]).includes(perimetre)) {
    io.err.write(
      `--perimetre attend TOUS, REFORME ou HORS_REFORME (reçu « ${values.perimetre} »).\n`,
    );
    return null;
  }
  return {
    annee,
    departements: split(values.departements),
    epci: split(values.epci),
    perimetre: perimetre as Filtres3ds['perimetre'],
  };
}

function split(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function report(
  io: CliIo,
  json: boolean,
  out: string,
  e: Awaited<ReturnType<typeof extraire3ds>>,
  ecarts: number | null,
): void {
  const summary = {
    fichier: out,
    annee: e.rapport.annee,
    dateExtraction: e.rapport.dateExtraction,
    dateArretDonnees: e.rapport.dateArretDonnees,
    filtres: e.filtres,
    lignesAgregees: e.rapport.agrege.length,
    lignesDetaillees: e.rapport.detail.length,
    extractionConservee: e.id > 0 ? e.id : null,
    ecartsAvecLeCache: ecarts,
  };
  if (json) {
    io.out.write(`${JSON.stringify(summary, null, 2)}\n`);
    return;
  }
  io.out.write(
    `Reporting 3DS ${summary.annee} écrit dans ${out} : ${summary.lignesAgregees} EPCI/EPT, ` +
      `${summary.lignesDetaillees} attributions (données arrêtées au ${summary.dateArretDonnees}).\n` +
      (ecarts === null
        ? 'Pas de comparaison avec le cache (cache indisponible).\n'
        : `Écarts avec le cache : ${ecarts} (onglet « Contrôles »).\n`),
  );
}
