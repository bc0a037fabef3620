// PKCS#12 files the simulator's PKI does not make: without a private key, with a CN that is not a
// guichet code, close to expiry, not yet valid, or with an accented subject. Self-signed, RSA 2048
// (OpenSSL refuses smaller keys at its default security level).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export const FIXTURE_PASSPHRASE = 'fixture';
const DAY_MS = 24 * 3600 * 1000;

export interface Pkcs12Spec {
  cn: string;
  organisation?: string;
  /** Validity, in days relative to `now` (default -1 .. +365). */
  fromDays?: number;
  toDays?: number;
  withKey?: boolean;
  now?: Date;
}

export function buildPkcs12(spec: Pkcs12Spec): Buffer {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(pair.privateKey);
  const now = (spec.now ?? new Date()).getTime();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pair.publicKey);
  cert.serialNumber = `01${randomBytes(8).toString('hex')}`;
  cert.validity.notBefore = new Date(now + (spec.fromDays ?? -1) * DAY_MS);
  cert.validity.notAfter = new Date(now + (spec.toDays ?? 365) * DAY_MS);
  const subject = [
    { name: 'commonName', value: spec.cn },
    { name: 'organizationName', value: spec.organisation ?? 'Bailleur de test', valueTagClass: 12 },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([{ name: 'basicConstraints', cA: false }]);
  cert.sign(key, forge.md.sha256.create());
  const withKey = spec.withKey ?? true;
  const asn1 = forge.pkcs12.toPkcs12Asn1(withKey ? key : null, [cert], FIXTURE_PASSPHRASE, {
    algorithm: 'aes256',
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
