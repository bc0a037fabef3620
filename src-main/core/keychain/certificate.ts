// Reading and validating the guichet's PKCS#12 before it is trusted with anything: it must open
// with its passphrase, hold a private key, carry a guichet code as CN, and be valid now. Each
// refusal is its own GuichetError code, so that the CLI can give each its exit code.
import { X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import type { CertificatInfo } from '../api-types.ts';
import { GuichetError } from '../errors.ts';
import { checkCertificateOpens } from '../sne/tls.ts';

/** A guichet code as the SNE issues them: G and four letters or digits (G1104). */
export const GUICHET_CODE = /^G[0-9A-Z]{4}$/;
/** The UI and `status` warn this many days before the certificate expires. */
export const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;
// PKCS#12 bag types (RFC 7292); forge's own table is typed as possibly undefined.
const KEY_BAG = '1.2.840.113549.1.12.10.1.1';
const SHROUDED_KEY_BAG = '1.2.840.113549.1.12.10.1.2';
const CERT_BAG = '1.2.840.113549.1.12.10.1.3';

/**
 * What a PKCS#12 says about itself, without judging its dates: `cert show` must still describe
 * a stored certificate that has expired since.
 */
export function readPkcs12(pfx: Buffer, passphrase: string, now: Date): CertificatInfo {
  const p12 = openPkcs12(pfx, passphrase);
  const keyBags = bagsOf(p12, SHROUDED_KEY_BAG).concat(bagsOf(p12, KEY_BAG));
  if (keyBags.length === 0) {
    throw new GuichetError(
      'CERT_SANS_CLE',
      'Le fichier ne contient pas de clé privée : exportez le certificat avec sa clé privée (fichier .p12 ou .pfx complet).',
    );
  }
  const cert = guichetCertificate(p12, keyBags);
  const guichet = commonName(cert);
  if (!GUICHET_CODE.test(guichet)) {
    throw new GuichetError(
      'CERT_GUICHET',
      `Ce certificat n'est pas celui d'un guichet : son nom commun (CN) est « ${guichet} », un code guichet de la forme G1104 est attendu.`,
      { cn: guichet },
    );
  }
  return describe(cert, guichet, now);
}

/** readPkcs12, then the checks that make a certificate fit for use now. */
export function validatePkcs12(pfx: Buffer, passphrase: string, now: Date): CertificatInfo {
  const info = readPkcs12(pfx, passphrase, now);
  if (now.getTime() > Date.parse(info.notAfter)) {
    throw new GuichetError(
      'CERT_EXPIRE',
      `Le certificat du guichet ${info.guichet} a expiré le ${frenchDate(info.notAfter)} : demandez-en un nouveau à votre autorité de certification.`,
      { notAfter: info.notAfter },
    );
  }
  if (now.getTime() < Date.parse(info.notBefore)) {
    throw new GuichetError(
      'CERT_EXPIRE',
      `Le certificat du guichet ${info.guichet} n'est valable qu'à partir du ${frenchDate(info.notBefore)}.`,
      { notBefore: info.notBefore },
    );
  }
  // The TLS stack must accept it too (e.g. Node cannot read RC2-encrypted PKCS#12 files), and it
  // checks that the private key belongs to the certificate.
  checkCertificateOpens({ pfx, passphrase });
  return info;
}

/** True from EXPIRY_WARNING_DAYS days before the end of validity. */
export function expiryAlert(info: CertificatInfo): boolean {
  return info.daysLeft <= EXPIRY_WARNING_DAYS;
}

/** What `status` shows of the certificate: the expiry warning, in French, when it is due. */
export interface CertificatStatut {
  guichet: string;
  notAfter: string;
  daysLeft: number;
  alerte: boolean;
  message: string | null;
}

export function certificateStatus(info: CertificatInfo): CertificatStatut {
  const alerte = expiryAlert(info);
  const fin = frenchDate(info.notAfter);
  let message: string | null = null;
  if (info.daysLeft < 0) {
    message = `Le certificat du guichet ${info.guichet} a expiré le ${fin} : la synchronisation est impossible, importez-en un nouveau.`;
  } else if (alerte) {
    message = `Le certificat du guichet ${info.guichet} expire dans ${info.daysLeft} jour(s), le ${fin} : demandez-en un nouveau dès maintenant.`;
  }
  return {
    guichet: info.guichet,
    notAfter: info.notAfter,
    daysLeft: info.daysLeft,
    alerte,
    message,
  };
}

function openPkcs12(pfx: Buffer, passphrase: string): forge.pkcs12.Pkcs12Pfx {
  let asn1: forge.asn1.Asn1;
  try {
    asn1 = forge.asn1.fromDer(forge.util.createBuffer(pfx.toString('binary')));
  } catch (error) {
    throw notPkcs12(error);
  }
  try {
    return forge.pkcs12.pkcs12FromAsn1(asn1, passphrase);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/invalid password|mac could not be verified/i.test(message)) {
      throw new GuichetError(
        'CERT_PASSPHRASE',
        'La phrase de passe du certificat est incorrecte.',
        {},
        { cause: error },
      );
    }
    throw notPkcs12(error);
  }
}

function notPkcs12(cause: unknown): GuichetError {
  return new GuichetError(
    'CERT_FORMAT',
    "Le fichier n'est pas un certificat PKCS#12 (.p12 ou .pfx) lisible.",
    {},
    { cause },
  );
}

function bagsOf(p12: forge.pkcs12.Pkcs12Pfx, bagType: string): forge.pkcs12.Bag[] {
  return p12.getBags({ bagType })[bagType] ?? [];
}

// The certificate that goes with the key: the one sharing its localKeyId, else the only end
// entity certificate (a file may also carry its chain).
function guichetCertificate(
  p12: forge.pkcs12.Pkcs12Pfx,
  keyBags: forge.pkcs12.Bag[],
): forge.pki.Certificate {
  const certBags = bagsOf(p12, CERT_BAG).filter((b) => b.cert !== undefined);
  const keyId = localKeyId(keyBags[0]);
  const byId = certBags.find((b) => keyId !== undefined && localKeyId(b) === keyId);
  const leaf = certBags.find((b) => !isCa(b.cert));
  const cert = (byId ?? leaf ?? certBags[0])?.cert;
  if (!cert) throw notPkcs12(new Error('no certificate bag'));
  return cert;
}

function localKeyId(bag: forge.pkcs12.Bag | undefined): string | undefined {
  // forge types bag attributes as any; localKeyId is a list of binary strings when present.
  const attributes = bag?.attributes as { localKeyId?: unknown[] } | undefined;
  const id = attributes?.localKeyId?.[0];
  return typeof id === 'string' ? id : undefined;
}

function isCa(cert: forge.pki.Certificate | undefined): boolean {
  const ext: { cA?: unknown } | undefined = cert?.getExtension('basicConstraints');
  return ext?.cA === true;
}

function commonName(cert: forge.pki.Certificate): string {
  // forge types fields as any; a present CN field carries its text in `value`.
  const field = cert.subject.getField('CN') as { value?: unknown } | null;
  return typeof field?.value === 'string' ? field.value : '';
}

function describe(cert: forge.pki.Certificate, guichet: string, now: Date): CertificatInfo {
  // Node renders distinguished names with their UTF-8 intact, which forge does not.
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes();
  const x509 = new X509Certificate(Buffer.from(der, 'binary'));
  const notAfter = cert.validity.notAfter;
  return {
    guichet,
    subject: x509.subject.split('\n').join(', '),
    issuer: x509.issuer.split('\n').join(', '),
    notBefore: cert.validity.notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    daysLeft: Math.floor((notAfter.getTime() - now.getTime()) / DAY_MS),
  };
}

function frenchDate(iso: string): string {
  return new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
}
