// The 3DS workbook, written with exceljs's streaming writer so that 50,000 detailed rows never
// sit in memory as cells: each row is committed as soon as it is written. Three sheets, each with
// the extraction date and the filters on top, then a frozen, filterable table.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cible3ds, Ecart3ds, Filtres3ds, LigneAgregee3ds } from '../api-types.ts';
import { controlerAgregats, type Comparaison3ds } from './compare-3ds.ts';
import type { Extraction3ds, LigneDetail3ds } from './rapport-3ds.ts';
import { evaluerCibles, totaliser } from './targets-3ds.ts';
import { SEUIL_FIABILITE_JOURS, alerteFiabilite } from './fiabilite-3ds.ts';

export const FEUILLES_3DS = ['Données agrégées', 'Données détaillées', 'Contrôles'] as const;

type Sheet = ExcelJS.Worksheet;
interface Colonne {
  titre: string;
  largeur: number;
  format?: string;
}

const FORMAT_DATE = 'dd/mm/yyyy';
const FORMAT_PART = '0.0%';
const FORMAT_EUROS = '#,##0 "€"';
const ENTETE_FOND: ExcelJS.Fill = {
  type: 'pattern',
  pattern: 'solid',
  fgColor: { argb: 'FFDDE6F0' },
};

/** "3DS_2025_dep-13-69_epci-tous_TOUS_extrait-2025-06-02.xlsx" */
export function nomFichier3ds(filtres: Filtres3ds, dateExtraction: string): string {
  const deps = filtres.departements.length === 0 ? 'tous' : filtres.departements.join('-');
  const epci =
    filtres.epci.length === 0
      ? 'tous'
      : filtres.epci.length <= 3
        ? filtres.epci.join('-')
        : `${String(filtres.epci.length)}-selectionnes`;
  return `3DS_${String(filtres.annee)}_dep-${deps}_epci-${epci}_${filtres.perimetre}_extrait-${dateExtraction.slice(0, 10)}.xlsx`;
}

export type Destination3ds = { filename: string } | { stream: Writable };

export async function exporter3dsXlsx(
  extraction: Extraction3ds,
  comparaison: Comparaison3ds | null,
  destination: Destination3ds,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    ...destination,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'sne-guichet';
  workbook.created = new Date(extraction.extraitLe);
  ecrireAgregats(workbook, extraction);
  ecrireDetail(workbook, extraction);
  ecrireControles(workbook, extraction, comparaison);
  await workbook.commit();
}

function enTete(extraction: Extraction3ds, titre: string): string[] {
  const { rapport, filtres } = extraction;
  const bailleur = rapport.bailleur;
  return [
    `Reporting 3DS (art. L.441-1 CCH) : ${titre}`,
    `Date d'extraction : ${frDate(rapport.dateExtraction)} (données arrêtées au ${frDate(rapport.dateArretDonnees)})`,
    `Filtres : ${libelleFiltres(filtres)}`,
    `Bailleur : ${bailleur?.guichet ?? 'non précisé'}${bailleur?.siren ? ` (SIREN ${bailleur.siren})` : ''}`,
  ];
}

export function libelleFiltres(filtres: Filtres3ds): string {
  const deps = filtres.departements.length === 0 ? 'tous' : filtres.departements.join(', ');
  const epci = filtres.epci.length === 0 ? 'tous ceux des départements' : filtres.epci.join(', ');
  const perimetre = {
    TOUS: 'tous les EPCI/EPT',
    REFORME: 'soumis à la réforme',
    HORS_REFORME: 'hors réforme',
  }[filtres.perimetre];
  return `année ${String(filtres.annee)} ; départements : ${deps} ; EPCI/EPT : ${epci} ; périmètre : ${perimetre}`;
}

/**
 * Title lines, a blank line, then the header row: frozen and filtered over `lignes` data rows.
 * Returns the header row's number.
 */
function ouvrirFeuille(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  nom: string,
  titres: string[],
  colonnes: Colonne[],
  lignes: number,
): Sheet {
  const ligneEntete = titres.length + 2;
  const sheet = workbook.addWorksheet(nom, {
    views: [{ state: 'frozen', ySplit: ligneEntete, xSplit: 0 }],
  });
  sheet.columns = colonnes.map((c, i) => ({
    key: String(i),
    width: c.largeur,
    style: c.format ? { numFmt: c.format } : {},
  }));
  sheet.autoFilter = {
    from: { row: ligneEntete, column: 1 },
    to: { row: ligneEntete + Math.max(lignes, 1), column: colonnes.length },
  };
  titres.forEach((t, i) => {
    const row = sheet.addRow([t]);
    row.font = i === 0 ? { bold: true, size: 13 } : { italic: true };
    row.commit();
  });
  sheet.addRow([]).commit();
  const header = sheet.addRow(colonnes.map((c) => c.titre));
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  header.eachCell((cell) => {
    cell.fill = ENTETE_FOND;
  });
  header.commit();
  return sheet;
}

/**
 * One style object per column, shared by all its data cells. exceljs gives each new cell a fresh
 * style object and caches style ids by object identity, so without sharing it serialised the
 * style to XML again for every one of the 750,000 cells of a 50,000-row detail. The id is fixed
 * by the column's first cell: a column without a format must not hold dates (none does).
 */
function stylesPartages(colonnes: readonly Colonne[]): Partial<ExcelJS.Style>[] {
  return colonnes.map((c) => (c.format ? { numFmt: c.format } : {}));
}

/** A data row whose cells carry the shared styles (never mutate them: row.font would). */
function ajouterLigne(
  sheet: Sheet,
  valeurs: ExcelJS.CellValue[],
  styles: readonly Partial<ExcelJS.Style>[],
): ExcelJS.Row {
  const row = sheet.addRow(valeurs);
  for (let i = 0; i < styles.length; i++) {
    const style = styles[i];
    if (style) row.getCell(i + 1).style = style;
  }
  return row;
}

const COLONNES_AGREGATS: Colonne[] = [
  { titre: 'Département', largeur: 12 },
  { titre: 'EPCI/EPT (SIREN)', largeur: 14 },
  { titre: 'Nom de l’EPCI/EPT', largeur: 36 },
  { titre: 'Soumis à la réforme', largeur: 11 },
  { titre: 'Seuil Q1 (€/UC)', largeur: 12, format: FORMAT_EUROS },
  { titre: 'Attributions hors QPV', largeur: 13, format: '0' },
  { titre: 'dont Q1', largeur: 9, format: '0' },
  { titre: 'dont relogés ANRU (hors Q1)', largeur: 13, format: '0' },
  { titre: 'Part Q1 + ANRU', largeur: 11, format: FORMAT_PART },
  { titre: 'Cible hors QPV', largeur: 9, format: FORMAT_PART },
  { titre: 'Écart hors QPV (points)', largeur: 11, format: '+0.0;-0.0;0.0' },
  { titre: 'Cible hors QPV atteinte', largeur: 11 },
  { titre: 'Attributions en QPV', largeur: 13, format: '0' },
  { titre: 'dont Q2 à Q4', largeur: 10, format: '0' },
  { titre: 'Part Q2 à Q4', largeur: 11, format: FORMAT_PART },
  { titre: 'Cible en QPV', largeur: 9, format: FORMAT_PART },
  { titre: 'Écart en QPV (points)', largeur: 11, format: '+0.0;-0.0;0.0' },
  { titre: 'Cible en QPV atteinte', largeur: 11 },
];

function ecrireAgregats(workbook: ExcelJS.stream.xlsx.WorkbookWriter, e: Extraction3ds): void {
  const lignes = e.rapport.agrege;
  const sheet = ouvrirFeuille(
    workbook,
    FEUILLES_3DS[0],
    enTete(e, 'données agrégées par EPCI/EPT'),
    COLONNES_AGREGATS,
    lignes.length,
  );
  const styles = stylesPartages(COLONNES_AGREGATS);
  for (const ligne of lignes) ajouterLigne(sheet, valeursAgregat(ligne), styles).commit();
  const total = sheet.addRow(valeursAgregat(totaliser(lignes)));
  total.font = { bold: true };
  total.commit();
  sheet.commit();
}

function valeursAgregat(l: LigneAgregee3ds): ExcelJS.CellValue[] {
  const c = evaluerCibles(l);
  return [
    l.departement,
    l.epci,
    l.nomEpci,
    l.epci === '' ? '' : ouiNon(l.soumisReforme),
    l.seuilQ1,
    l.horsQPV.attributions,
    l.horsQPV.q1,
    l.horsQPV.relogesANRU,
    c.horsQPV.part,
    c.horsQPV.cible,
    c.horsQPV.ecartPoints,
    verdict(c.horsQPV),
    l.enQPV.attributions,
    l.enQPV.q2q3q4,
    c.enQPV.part,
    c.enQPV.cible,
    c.enQPV.ecartPoints,
    verdict(c.enQPV),
  ];
}

const COLONNES_DETAIL: Colonne[] = [
  { titre: 'N° unique', largeur: 21 },
  { titre: 'Département', largeur: 12 },
  { titre: 'EPCI/EPT (SIREN)', largeur: 14 },
  { titre: 'Commune du logement', largeur: 12 },
  { titre: 'En QPV', largeur: 8 },
  { titre: 'Code QPV', largeur: 12 },
  { titre: 'Quartile', largeur: 9, format: '0' },
  { titre: 'Ressources annuelles par UC (€)', largeur: 14, format: FORMAT_EUROS },
  { titre: 'Relogé ANRU', largeur: 9 },
  { titre: 'Date de signature du bail', largeur: 12, format: FORMAT_DATE },
  { titre: 'Date de radiation', largeur: 12, format: FORMAT_DATE },
  { titre: 'Délai signature → radiation (jours)', largeur: 13, format: '0' },
  { titre: 'Date de remontée au SNE', largeur: 12, format: FORMAT_DATE },
  { titre: 'Délai de remontée (jours)', largeur: 12, format: '0' },
  { titre: `Fiabilité (délai > ${String(SEUIL_FIABILITE_JOURS)} jours)`, largeur: 16 },
];

function ecrireDetail(workbook: ExcelJS.stream.xlsx.WorkbookWriter, e: Extraction3ds): void {
  const lignes = e.rapport.detail;
  const sheet = ouvrirFeuille(
    workbook,
    FEUILLES_3DS[1],
    enTete(e, 'détail des attributions'),
    COLONNES_DETAIL,
    lignes.length,
  );
  const styles = stylesPartages(COLONNES_DETAIL);
  const date = datesExcel();
  for (const l of lignes) ajouterLigne(sheet, valeursDetail(l, date), styles).commit();
  sheet.commit();
}

function valeursDetail(
  l: LigneDetail3ds,
  date: (iso: string | null) => Date | null,
): ExcelJS.CellValue[] {
  return [
    l.numUnique,
    l.departement,
    l.epci,
    l.communeLogement,
    ouiNon(l.enQPV),
    l.codeQPV,
    l.quartile,
    l.ressourcesAnnuellesParUC,
    ouiNon(l.relogeANRU),
    date(l.dateSignatureBail),
    date(l.dateRadiation),
    l.delaiSignatureRadiationJours,
    date(l.dateRemonteeSNE),
    l.delaiRemonteeRadiationJours,
    alerteFiabilite(l) ? 'À vérifier' : 'OK',
  ];
}

const COLONNES_CONTROLES: Colonne[] = [
  { titre: 'Contrôle', largeur: 30 },
  { titre: 'N° unique', largeur: 21 },
  { titre: 'EPCI/EPT (SIREN)', largeur: 14 },
  { titre: 'Valeur dans le cache', largeur: 14 },
  { titre: 'Valeur au SNE', largeur: 14 },
  { titre: 'Explication', largeur: 90 },
];

const LIBELLES_ECART: Record<Ecart3ds['type'], string> = {
  ABSENTE_DU_SNE: 'Absente du détail du SNE',
  ABSENTE_DU_CACHE: 'Absente du cache',
  DATE_SIGNATURE_DIFFERENTE: 'Date de signature différente',
  DATE_RADIATION_DIFFERENTE: 'Date de radiation différente',
  AGREGAT_INCOHERENT: 'Agrégat incohérent avec le détail',
};

function ecrireControles(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  e: Extraction3ds,
  comparaison: Comparaison3ds | null,
): void {
  const ecarts = comparaison?.ecarts ?? controlerAgregats(e.rapport);
  const sheet = ouvrirFeuille(
    workbook,
    FEUILLES_3DS[2],
    [...enTete(e, 'contrôles'), ...resumeControles(e, comparaison)],
    COLONNES_CONTROLES,
    ecarts.length,
  );
  const styles = stylesPartages(COLONNES_CONTROLES);
  for (const ecart of ecarts) {
    const valeurs = [
      LIBELLES_ECART[ecart.type],
      ecart.numUnique,
      ecart.epci,
      ecart.local,
      ecart.sne,
      ecart.message,
    ];
    ajouterLigne(sheet, valeurs, styles).commit();
  }
  sheet.commit();
}

function resumeControles(e: Extraction3ds, c: Comparaison3ds | null): string[] {
  const douteuses = e.rapport.detail.filter(alerteFiabilite).length;
  const lignes = [
    `Attributions au détail du SNE : ${String(e.rapport.detail.length)} ; dont délais supérieurs à ${String(SEUIL_FIABILITE_JOURS)} jours : ${String(douteuses)}`,
  ];
  if (c === null) {
    lignes.push(
      'Cache local non disponible : seule la cohérence des agrégats avec le détail est contrôlée.',
    );
  } else {
    lignes.push(
      `Attributions du cache dans le périmètre : ${String(c.attributionsLocales)} ; écarts relevés : ${String(c.ecarts.length)} ; ` +
        `attributions du SNE hors du territoire synchronisé : ${String(c.demandesHorsCache)} ; radiées par un autre bailleur : ${String(c.attributionsAutresBailleurs)}`,
    );
  }
  return lignes;
}

function verdict(c: Cible3ds): string {
  if (c.atteinte === null) return 'sans objet';
  return c.atteinte ? 'oui' : 'non';
}

function ouiNon(b: boolean): string {
  return b ? 'oui' : 'non';
}

/**
 * Calendar days as Excel dates, each built once per export: the rows of a year share a few
 * hundred days, and parsing 150,000 of them showed in the profile. exceljs only reads the Date.
 */
function datesExcel(): (iso: string | null) => Date | null {
  const deja = new Map<string, Date>();
  return (iso) => {
    if (iso === null) return null;
    let date = deja.get(iso);
    if (date === undefined) {
      date = excelDate(iso);
      deja.set(iso, date);
    }
    return date;
  };
}

/** A calendar date as a UTC midnight, which exceljs stores as the matching Excel serial day. */
function excelDate(iso: string): Date {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

function frDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d ?? ''}/${m ?? ''}/${y ?? ''}`;
}
