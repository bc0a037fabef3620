// A minimal PDF writer for the simulator's cotation notes and supporting documents: one A4 page
// of Helvetica text, a cross-reference table with exact byte offsets, a trailer and %%EOF, so
// that any reader (and the client's checks) accepts the files. Text is encoded in
// WinAnsiEncoding, the encoding of the standard Type 1 fonts, which covers French.
import type { Fichier } from '../sne/blocs.ts';

export interface PdfPage {
  titre: string;
  lignes: readonly string[];
}

const LARGEUR_LIGNE = 92;
const LIGNES_PAR_PAGE = 52;

// Code points of WinAnsiEncoding (cp1252) outside Latin-1 that French text uses.
const WIN_ANSI: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  œ: 0x9c,
  Œ: 0x8c,
  Ÿ: 0x9f,
};

/** The bytes of a one-page PDF holding the title and the lines (wrapped, then cut to one page). */
export function buildPdf(page: PdfPage): Uint8Array {
  const lignes = page.lignes.flatMap((l) => wrap(l, LARGEUR_LIGNE)).slice(0, LIGNES_PAR_PAGE);
  const texte = [
    'BT',
    '/F1 15 Tf',
    '56 780 Td',
    `(${encodeText(page.titre)}) Tj`,
    '/F1 10 Tf',
    '14 TL',
    'T* T*',
    ...lignes.map((l) => `(${encodeText(l)}) Tj T*`),
    'ET',
  ].join('\n');
  const objets = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] ' +
      '/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${texte.length} >>\nstream\n${texte}\nendstream`,
    `<< /Title (${encodeText(page.titre)}) /Producer (Simulateur SNE) >>`,
  ];
  return assemble(objets);
}

/** Header, numbered objects, xref with each object's byte offset, trailer. */
function assemble(objets: readonly string[]): Uint8Array {
  // Every string here holds one character per byte (encodeText produced them), so string
  // lengths are byte offsets.
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objets.forEach((corps, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${corps}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objets.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objets.length + 1} /Root 1 0 R /Info ${objets.length} 0 R >>\n`;
  out += `startxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** A PDF string literal's content: WinAnsi bytes as chars, with \, ( and ) escaped. */
function encodeText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    let byte: number;
    if (code >= 0x20 && code < 0x7f) byte = code;
    else if (code >= 0xa0 && code <= 0xff) byte = code;
    else byte = WIN_ANSI[ch] ?? 0x3f;
    const c = String.fromCharCode(byte);
    out += c === '\\' || c === '(' || c === ')' ? `\\${c}` : c;
  }
  return out;
}

function wrap(line: string, width: number): string[] {
  if (line.length <= width) return [line];
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current.length > 0 && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else {
      current = current.length > 0 ? `${current} ${word}` : word;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * A PDF Fichier whose bytes are built on first read and then kept. A 100,000-DLS data set
 * would otherwise hold several hundred MB of PDFs that most runs never send. The build is a
 * pure function of values captured at creation, so laziness does not change the bytes.
 */
export function lazyPdfFichier(page: () => PdfPage): Fichier {
  let octets: Uint8Array | undefined;
  const fichier = { contentType: 'application/pdf' } as Fichier;
  Object.defineProperty(fichier, 'octets', {
    enumerable: true,
    configurable: true,
    get: () => (octets ??= buildPdf(page())),
    set: (value: Uint8Array) => {
      octets = value;
    },
  });
  return fichier;
}
