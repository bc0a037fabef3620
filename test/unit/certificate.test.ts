// Validation of the guichet's PKCS#12: every refusal has its own code and a French message, and a
// valid file is described field by field (the simulator's PKI gives the real files).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  expiryAlert,
  readPkcs12,
  validatePkcs12,
} from '../../src-main/core/keychain/certificate.ts';
import { GuichetError } from '../../src-main/core/errors.ts';
import { ensurePki, PKI_PASSPHRASE, type SimPki } from '../../src-main/core/simulator/pki.ts';
import { buildPkcs12, FIXTURE_PASSPHRASE } from '../support/pkcs12-fixtures.ts';

let pki: SimPki;
beforeAll(async () => {
  pki = await ensurePki(mkdtempSync(join(tmpdir(), 'pki-cert-')));
});

function refusal(work: () => unknown): GuichetError {
  try {
    work();
  } catch (error) {
    if (error instanceof GuichetError) return error;
    throw error;
  }
  throw new Error('expected a GuichetError, got none');
}

describe('validatePkcs12', () => {
  it('describes a valid guichet certificate of the simulator', () => {
    const now = new Date();
    const info = validatePkcs12(readFileSync(pki.guichetP12('G1104')), PKI_PASSPHRASE, now);
    expect(info.guichet).toBe('G1104');
    expect(info.subject).toContain('CN=G1104');
    expect(info.issuer).toContain('CN=Simulateur SNE - AC de test');
    expect(Date.parse(info.notBefore)).toBeLessThan(now.getTime());
    const expectedDays = Math.floor((Date.parse(info.notAfter) - now.getTime()) / 86_400_000);
    expect(info.daysLeft).toBe(expectedDays);
    expect(info.daysLeft).toBeGreaterThan(300);
  });

  it('refuses a wrong passphrase with CERT_PASSPHRASE', () => {
    const error = refusal(() =>
      validatePkcs12(readFileSync(pki.guichetP12('G1104')), 'pas-la-bonne', new Date()),
    );
    expect(error.code).toBe('CERT_PASSPHRASE');
    expect(error.message).toMatch(/phrase de passe.*incorrecte/);
  });

  it('refuses a file that is not a PKCS#12 with CERT_FORMAT', () => {
    for (const bytes of [
      Buffer.from('ceci est un fichier texte, pas un certificat\n'),
      readFileSync(pki.ca), // a PEM certificate is not a PKCS#12 either
      Buffer.alloc(0),
    ]) {
      const error = refusal(() => validatePkcs12(bytes, PKI_PASSPHRASE, new Date()));
      expect(error.code).toBe('CERT_FORMAT');
      expect(error.message).toMatch(/PKCS#12/);
    }
  });

  it('refuses a PKCS#12 without a private key with CERT_SANS_CLE', () => {
    const pfx = buildPkcs12({ cn: 'G1104', withKey: false });
    const error = refusal(() => validatePkcs12(pfx, FIXTURE_PASSPHRASE, new Date()));
    expect(error.code).toBe('CERT_SANS_CLE');
    expect(error.message).toMatch(/clé privée/);
  });

  it('refuses the expired certificate of the simulator with CERT_EXPIRE', () => {
    const pfx = readFileSync(pki.guichetP12('G1104-expire'));
    const error = refusal(() => validatePkcs12(pfx, PKI_PASSPHRASE, new Date()));
    expect(error.code).toBe('CERT_EXPIRE');
    expect(error.message).toMatch(/a expiré le \d{2}\/\d{2}\/\d{4}/);
    // Reading without judging the dates still works: `cert show` of a stored certificate.
    expect(readPkcs12(pfx, PKI_PASSPHRASE, new Date()).daysLeft).toBeLessThan(0);
  });

  it('refuses a certificate that is not valid yet', () => {
    const pfx = buildPkcs12({ cn: 'G1104', fromDays: 3, toDays: 400 });
    const error = refusal(() => validatePkcs12(pfx, FIXTURE_PASSPHRASE, new Date()));
    expect(error.code).toBe('CERT_EXPIRE');
    expect(error.message).toMatch(/qu'à partir du/);
  });

  it('refuses a CN that is not a guichet code with CERT_GUICHET', () => {
    for (const cn of ['guichet-1104', 'G110', 'G11045', 'g1104', 'X1104']) {
      const error = refusal(() =>
        validatePkcs12(buildPkcs12({ cn }), FIXTURE_PASSPHRASE, new Date()),
      );
      expect(error.code).toBe('CERT_GUICHET');
      expect(error.message).toContain(`« ${cn} »`);
    }
    expect(
      validatePkcs12(buildPkcs12({ cn: 'G0A9Z' }), FIXTURE_PASSPHRASE, new Date()).guichet,
    ).toBe('G0A9Z');
  });

  it('keeps accents of the subject intact', () => {
    const pfx = buildPkcs12({ cn: 'G2201', organisation: "Office public de l'habitat d'Évry" });
    const info = validatePkcs12(pfx, FIXTURE_PASSPHRASE, new Date());
    expect(info.subject).toContain("O=Office public de l'habitat d'Évry");
  });
});

describe('expiryAlert', () => {
  it('warns from 30 days before the end of validity, not before', () => {
    const now = new Date();
    const in31 = readPkcs12(
      buildPkcs12({ cn: 'G1104', toDays: 31.5, now }),
      FIXTURE_PASSPHRASE,
      now,
    );
    const in30 = readPkcs12(
      buildPkcs12({ cn: 'G1104', toDays: 30.5, now }),
      FIXTURE_PASSPHRASE,
      now,
    );
    expect(in31.daysLeft).toBe(31);
    expect(expiryAlert(in31)).toBe(false);
    expect(in30.daysLeft).toBe(30);
    expect(expiryAlert(in30)).toBe(true);
  });
});
