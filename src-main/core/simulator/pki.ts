// The simulator's test PKI: a CA, a server certificate for 127.0.0.1/localhost, and one PKCS#12
// per guichet, including the two that the server must refuse at the handshake (expired, and
// signed by another CA). Generated once into a directory and reused, so that a start takes
// milliseconds and a guichet may keep its imported certificate between runs.
//
// Keys come from node:crypto (native, fast); certificates and PKCS#12 from node-forge. The
// PKCS#12 files hold the key and the guichet's own certificate only: bundling the CA would make
// Node trust it silently (docs/stack.md §5). They use AES-256, which Node 20 reads (RC2 it
// cannot).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { withDirectoryLock } from './pki-lock.ts';

export const PKI_PASSPHRASE = 'simulateur';

/** Guichet certificates issued on first start: file stem -> how it is made. */
const GUICHET_CERTS = {
  G1104: { cn: 'G1104', kind: 'valid' },
  G2201: { cn: 'G2201', kind: 'valid' },
  'G1104-expire': { cn: 'G1104', kind: 'expired' },
  'G1104-autre-ca': { cn: 'G1104', kind: 'foreign' },
  // A bailleur the SNE has not enabled for GDM: what GDM_NON_HABILITE answers.
  G3301: { cn: 'G3301', kind: 'valid' },
} as const;
export type GuichetCertName = keyof typeof GUICHET_CERTS;

export interface SimPki {
  dir: string;
  /** Path of ca.pem, the trust anchor a client passes as `ca`. */
  ca: string;
  caPem: string;
  serverCertPem: string;
  serverKeyPem: string;
  /** Path of guichets/<name>.p12 (passphrase `simulateur`). */
  guichetP12(name: string): string;
}

interface Issued {
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
  keyPem: string;
}

const MANIFEST = 'pki.json';
const DAY_MS = 24 * 3600 * 1000;
// Certificates last long enough that a reused directory does not expire under a user; a
// directory whose server certificate ends within RENEW_BEFORE_MS is regenerated.
const VALIDITY_MS = 3 * 365 * DAY_MS;
const RENEW_BEFORE_MS = 30 * DAY_MS;

/** Loads the PKI in `dir`, generating it first when it is missing or about to expire. */
export async function ensurePki(dir: string): Promise<SimPki> {
  mkdirSync(join(dir, 'guichets'), { recursive: true });
  if (!isUsable(dir)) {
    // Several simulators (parallel test files) may share a directory: one generates, the
    // others wait for its manifest, so that nobody mixes two CAs.
    await withDirectoryLock(dir, () => {
      if (!isUsable(dir)) generatePki(dir);
    });
  }
  return loadPki(dir);
}

function isUsable(dir: string): boolean {
  const manifest = join(dir, MANIFEST);
  if (!existsSync(manifest)) return false;
  const files = ['ca.pem', 'server.pem', 'server-key.pem'].concat(
    Object.keys(GUICHET_CERTS).map((name) => join('guichets', `${name}.p12`)),
  );
  if (!files.every((f) => existsSync(join(dir, f)))) return false;
  const server = forge.pki.certificateFromPem(readFileSync(join(dir, 'server.pem'), 'utf8'));
  return server.validity.notAfter.getTime() - Date.now() > RENEW_BEFORE_MS;
}

function loadPki(dir: string): SimPki {
  const caPath = join(dir, 'ca.pem');
  return {
    dir,
    ca: caPath,
    caPem: readFileSync(caPath, 'utf8'),
    serverCertPem: readFileSync(join(dir, 'server.pem'), 'utf8'),
    serverKeyPem: readFileSync(join(dir, 'server-key.pem'), 'utf8'),
    guichetP12: (name) => join(dir, 'guichets', `${name}.p12`),
  };
}

function generatePki(dir: string): void {
  const now = Date.now();
  const ca = issueCa('Simulateur SNE - AC de test', now);
  const foreignCa = issueCa('Autre AC (non reconnue par le simulateur)', now);
  const server = issueLeaf(ca, 'simulateur-sne', { server: true }, now - DAY_MS, now + VALIDITY_MS);

  writeAtomic(join(dir, 'ca.pem'), forge.pki.certificateToPem(ca.cert));
  writeAtomic(join(dir, 'ca-key.pem'), ca.keyPem, 0o600);
  writeAtomic(join(dir, 'server.pem'), forge.pki.certificateToPem(server.cert));
  writeAtomic(join(dir, 'server-key.pem'), server.keyPem, 0o600);

  for (const [name, spec] of Object.entries(GUICHET_CERTS)) {
    const issuer = spec.kind === 'foreign' ? foreignCa : ca;
    const [from, to] =
      spec.kind === 'expired'
        ? [now - 400 * DAY_MS, now - DAY_MS]
        : [now - DAY_MS, now + VALIDITY_MS];
    const leaf = issueLeaf(issuer, spec.cn, { server: false }, from, to);
    writeGuichet(dir, name, leaf);
  }
  writeAtomic(join(dir, MANIFEST), JSON.stringify({ generatedAt: new Date(now).toISOString() }));
}

function writeGuichet(dir: string, name: string, leaf: Issued): void {
  const asn1 = forge.pkcs12.toPkcs12Asn1(leaf.key, [leaf.cert], PKI_PASSPHRASE, {
    algorithm: 'aes256',
    friendlyName: name,
  });
  const der = forge.asn1.toDer(asn1).getBytes();
  const base = join(dir, 'guichets', name);
  writeAtomic(`${base}.p12`, Buffer.from(der, 'binary'), 0o600);
  // PEM copies for tools that prefer them (curl --cert/--key).
  writeAtomic(`${base}.pem`, forge.pki.certificateToPem(leaf.cert));
  writeAtomic(`${base}-key.pem`, leaf.keyPem, 0o600);
}

function newKeyPair(): {
  key: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  keyPem: string;
} {
  const pair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    key: forge.pki.privateKeyFromPem(pair.privateKey),
    publicKey: forge.pki.publicKeyFromPem(pair.publicKey),
    keyPem: pair.privateKey,
  };
}

function baseCertificate(publicKey: forge.pki.rsa.PublicKey, from: number, to: number) {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // Positive 16-byte serial: a leading 0x01 keeps the DER integer positive.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(from);
  cert.validity.notAfter = new Date(to);
  return cert;
}

function issueCa(commonName: string, now: number): Issued {
  const pair = newKeyPair();
  const cert = baseCertificate(pair.publicKey, now - DAY_MS, now + 10 * 365 * DAY_MS);
  const subject = [
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Simulateur SNE' },
  ];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(pair.key, forge.md.sha256.create());
  return { cert, key: pair.key, keyPem: pair.keyPem };
}

function issueLeaf(
  issuer: Issued,
  commonName: string,
  usage: { server: boolean },
  from: number,
  to: number,
): Issued {
  const pair = newKeyPair();
  const cert = baseCertificate(pair.publicKey, from, to);
  cert.setSubject([
    { name: 'commonName', value: commonName },
    { name: 'organizationName', value: 'Simulateur SNE' },
  ]);
  cert.setIssuer(issuer.cert.subject.attributes);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    usage.server
      ? { name: 'extKeyUsage', serverAuth: true }
      : { name: 'extKeyUsage', clientAuth: true },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: issuer.cert.generateSubjectKeyIdentifier().getBytes(),
    },
  ];
  if (usage.server) {
    extensions.push({
      name: 'subjectAltName',
      altNames: [
        { type: 2, value: 'localhost' },
        { type: 7, ip: '127.0.0.1' },
      ],
    });
  }
  cert.setExtensions(extensions);
  cert.sign(issuer.key, forge.md.sha256.create());
  return { cert, key: pair.key, keyPem: pair.keyPem };
}

function writeAtomic(path: string, content: string | Buffer, mode = 0o644): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode });
  renameSync(tmp, path);
}
