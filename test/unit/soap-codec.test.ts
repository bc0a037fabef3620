import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLOCS } from '../../src-main/core/sne/blocs.ts';
import type { Bloc, BlocContenu } from '../../src-main/core/sne/blocs.ts';
import {
  SoapCodecError,
  parseReponse,
  parseRequete,
  renderFault,
  renderReponseAnomalies,
  renderReponseBloc,
  renderRequete,
  unpack,
} from '../../src-main/core/sne/soap-codec.ts';
import type { Emballage } from '../../src-main/core/sne/soap-codec.ts';
import { WSDL_PATH } from '../../src-main/core/sne/soap-package-client.ts';
import { renderWsdl } from '../../src-main/core/sne/soap-wsdl.ts';
import { FAULT, OPERATIONS } from '../../src-main/core/sne/soap-wire.ts';
import { generateData } from '../../src-main/core/simulator/data-generator.ts';
import { blocsExemple, blocsVides } from '../support/soap-fixtures.ts';

const EMBALLAGES: Emballage[] = ['mtom', 'plain'];
const DATE = '2024-12-03T10:15:02.120+01:00';

/** Binary content as hex, so that Buffer and Uint8Array compare by their bytes. */
function normalise(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, v: unknown) => {
      if (v instanceof Uint8Array) return { octets: Buffer.from(v).toString('hex') };
      const b = v as { type?: string; data?: number[] } | null;
      if (b?.type === 'Buffer' && Array.isArray(b.data)) {
        return { octets: Buffer.from(b.data).toString('hex') };
      }
      return v;
    }),
  );
}

function roundTrip<B extends Bloc>(
  bloc: B,
  numUnique: string,
  contenu: BlocContenu[B],
  emballage: Emballage,
): unknown {
  const message = renderReponseBloc(OPERATIONS[bloc], numUnique, contenu, {
    emballage,
    dateFichier: DATE,
  });
  const reponse = parseReponse(OPERATIONS[bloc], message.contentType, message.body);
  if (reponse.kind !== 'bloc') throw new Error(`attendu un bloc, reçu ${reponse.kind}`);
  expect(reponse.numUnique).toBe(numUnique);
  expect(reponse.dateFichier).toBe(DATE);
  return reponse.contenu;
}

describe('SOAP codec round trip', () => {
  it.each(EMBALLAGES)('gives back every block of generated data unchanged (%s)', (emballage) => {
    const data = generateData({ seed: 3, volume: 60, now: new Date('2025-03-10T09:00:00Z') });
    let checked = 0;
    for (const dls of data.dls.values()) {
      for (const bloc of BLOCS) {
        const parsed = roundTrip(bloc, dls.numUnique, dls.blocs[bloc], emballage);
        expect(normalise(parsed)).toEqual(normalise(dls.blocs[bloc]));
        checked += 1;
      }
    }
    expect(checked).toBe(60 * BLOCS.length);
  });

  it.each(EMBALLAGES)('keeps escaping, nulls, empty lists and absent blocks (%s)', (emballage) => {
    for (const blocs of [blocsExemple(), blocsVides()]) {
      for (const bloc of BLOCS) {
        const parsed = roundTrip(bloc, blocs.cerfa.numUnique, blocs[bloc], emballage);
        expect(normalise(parsed)).toEqual(normalise(blocs[bloc]));
      }
    }
  });

  it.each(EMBALLAGES)('keeps carriage returns, tabs and astral characters (%s)', (emballage) => {
    const criteres = [
      {
        code: 'C1',
        libelle: 'ligne 1\r\nligne 2\rfin\ttab 😀',
        valeur: ' ',
        prioriteLocale: false,
      },
    ];
    expect(roundTrip('criteres', '0931124000123G1104', criteres, emballage)).toEqual(criteres);
  });

  it('decodes numeric character references, as a Java serializer may write text', () => {
    const criteres = [{ code: 'C1', libelle: 'MARQUE', valeur: 'v', prioriteLocale: true }];
    const message = renderReponseBloc(OPERATIONS.criteres, '0931124000123G1104', criteres, {
      emballage: 'plain',
      dateFichier: DATE,
    });
    const body = Buffer.from(
      message.body.toString('utf8').replace('MARQUE', 'a&#13;&#xA;b&#233;&#x1F600; &amp;#38;'),
    );
    const parsed = parseReponse(OPERATIONS.criteres, message.contentType, body);
    if (parsed.kind !== 'bloc') throw new Error('bloc attendu');
    expect(parsed.contenu[0]?.libelle).toBe('a\r\nbé😀 &#38;');
  });

  it('carries files as XOP parts in MTOM, byte for byte, and inline in plain SOAP', () => {
    const blocs = blocsExemple();
    const mtom = renderReponseBloc(OPERATIONS.pieces, blocs.cerfa.numUnique, blocs.pieces, {
      emballage: 'mtom',
      dateFichier: DATE,
    });
    const { xml, parts } = unpack(mtom.contentType, mtom.body);
    expect(xml).toContain('<xop:Include');
    expect(xml).not.toContain('%PDF');
    expect([...parts.values()].filter((p) => p.subarray(0, 5).toString() === '%PDF-')).toHaveLength(
      2,
    );
    const parsed = parseReponse(OPERATIONS.pieces, mtom.contentType, mtom.body);
    if (parsed.kind !== 'bloc') throw new Error('bloc attendu');
    parsed.contenu.forEach((piece, i) => {
      const original = blocs.pieces[i]?.fichier.octets ?? new Uint8Array();
      expect(Buffer.compare(Buffer.from(piece.fichier.octets), Buffer.from(original))).toBe(0);
      expect(piece.fichier.contentType).toBe('application/pdf');
    });

    const plain = renderReponseBloc(OPERATIONS.pieces, blocs.cerfa.numUnique, blocs.pieces, {
      emballage: 'plain',
      dateFichier: DATE,
    });
    expect(plain.contentType).toMatch(/^application\/soap\+xml/);
    expect(plain.body.toString()).not.toContain('xop:Include');
  });

  it('follows the contract packaging: root part first, start, start-info and SOAP 1.2', () => {
    const message = renderRequete(OPERATIONS.dalo, '0931124000123G1104', 'CERG1104.pem', 'mtom');
    expect(message.contentType).toMatch(/^multipart\/related; type="application\/xop\+xml"/);
    expect(message.contentType).toContain('start="<root>"');
    expect(message.contentType).toContain('start-info="application/soap+xml"');
    expect(message.contentType).toContain('action="http://ws.metier.nuu.application.i2/getDalo"');
    const text = message.body.toString('utf8');
    expect(text.indexOf('Content-ID: <root>')).toBeLessThan(
      text.indexOf('Content-ID: <certificat>'),
    );
    expect(text).toContain('http://www.w3.org/2003/05/soap-envelope');
    expect(text).toMatch(/<certificat [^>]*><xop:Include href="cid:certificat"/);
  });
});

describe('SOAP codec requests', () => {
  it.each(EMBALLAGES)('reads back the operation and number of every request (%s)', (emballage) => {
    for (const bloc of BLOCS) {
      const message = renderRequete(OPERATIONS[bloc], '2A00324000123G1104', 'CER.pem', emballage);
      const requete = parseRequete(message.contentType, message.body);
      expect(requete.op.bloc).toBe(bloc);
      expect(requete.numUnique).toBe('2A00324000123G1104');
      expect(requete.emballage).toBe(emballage);
    }
  });

  it('refuses a request for an operation the service does not have', () => {
    const body = Buffer.from(
      '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>' +
        '<ws:inconnuParametres xmlns:ws="http://ws.metier.nuu.application.i2/"/></soap:Body></soap:Envelope>',
    );
    expect(() => parseRequete('application/soap+xml', body)).toThrow(SoapCodecError);
  });
});

describe('SOAP codec anomalies and faults', () => {
  it.each(EMBALLAGES)('parses business anomalies with their code and label (%s)', (emballage) => {
    const anomalies = [
      { code: 'NUM_INCONNU', libelle: 'Numéro inconnu' },
      { code: 'CTRL_DEM_0033', libelle: 'Contrôle <33>' },
    ];
    const message = renderReponseAnomalies(OPERATIONS.cotation, '2A00324000123G1104', anomalies, {
      emballage,
      dateFichier: DATE,
    });
    expect(parseReponse(OPERATIONS.cotation, message.contentType, message.body)).toEqual({
      kind: 'anomalies',
      numUnique: '2A00324000123G1104',
      dateFichier: DATE,
      anomalies,
    });
  });

  it.each(EMBALLAGES)('parses the Receiver fault and its TROP_APPELS subcode (%s)', (emballage) => {
    const generic = renderFault(
      { code: FAULT.receiver, subcode: null, reason: FAULT.reasonInattendue },
      emballage,
    );
    expect(parseReponse(OPERATIONS.dalo, generic.contentType, generic.body)).toEqual({
      kind: 'fault',
      code: 'Receiver',
      subcode: null,
      reason: 'Une erreur inattendue est survenue lors du traitement de la demande.',
    });
    const trop = renderFault(
      { code: FAULT.receiver, subcode: FAULT.tropAppels, reason: FAULT.reasonTropAppels },
      emballage,
    );
    const parsed = parseReponse(OPERATIONS.dalo, trop.contentType, trop.body);
    expect(parsed).toMatchObject({ kind: 'fault', subcode: 'TROP_APPELS_PARALLELES' });
  });

  it('rejects a torn answer instead of reading a shorter list', () => {
    const blocs = blocsExemple();
    const whole = renderReponseBloc(
      OPERATIONS.evenements,
      blocs.cerfa.numUnique,
      blocs.evenements,
      {
        emballage: 'plain',
        dateFichier: DATE,
      },
    );
    const xml = whole.body.toString();
    // Cut right after the first event: the XML up to there is well formed but incomplete.
    const cut = xml.indexOf('</nuu:evenement>') + '</nuu:evenement>'.length;
    const torn = Buffer.from(xml.slice(0, cut));
    expect(() => parseReponse(OPERATIONS.evenements, whole.contentType, torn)).toThrow(
      SoapCodecError,
    );
  });

  it('rejects a multipart answer whose closing delimiter never came', () => {
    const blocs = blocsExemple();
    const whole = renderReponseBloc(OPERATIONS.pieces, blocs.cerfa.numUnique, blocs.pieces, {
      emballage: 'mtom',
      dateFichier: DATE,
    });
    const torn = whole.body.subarray(0, whole.body.length - 200);
    expect(() => parseReponse(OPERATIONS.pieces, whole.contentType, torn)).toThrow(SoapCodecError);
  });

  it('rejects mismatched tags and a missing required element', () => {
    const bad = Buffer.from(
      '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body>' +
        '<ws:daloReponse></soap:Body></soap:Envelope>',
    );
    expect(() => parseReponse(OPERATIONS.dalo, 'application/soap+xml', bad)).toThrow(
      SoapCodecError,
    );
    const message = renderReponseBloc(OPERATIONS.dalo, 'N', blocsExemple().dalo, {
      emballage: 'plain',
      dateFichier: DATE,
    });
    const sansStatut = Buffer.from(message.body.toString().replace(/<nuu:statutDalo[^>]*\/>/, ''));
    expect(() => parseReponse(OPERATIONS.dalo, message.contentType, sansStatut)).toThrow(
      /statutDalo/,
    );
  });
});

describe('shipped WSDL', () => {
  it('is exactly the rendering of the wire schema', () => {
    expect(readFileSync(WSDL_PATH, 'utf8')).toBe(renderWsdl());
  });
});
