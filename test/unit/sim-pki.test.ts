// The simulator's test PKI: generated once per directory (even by concurrent starts), reused
// afterwards, and made of PKCS#12 files Node can open that carry the guichet's certificate only.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePki, PKI_PASSPHRASE, type SimPki } from '../../src-main/core/simulator/pki.ts';

let dir: string;
let pki: SimPki;
let concurrent: SimPki;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sim-pki-'));
  [pki, concurrent] = await Promise.all([ensurePki(dir), ensurePki(dir)]);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function certsIn(p12File: string): forge.pki.Certificate[] {
  const der = readFileSync(p12File).toString('binary');
  const p12 = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(der), PKI_PASSPHRASE);
  // node-forge types its OID table loosely: name the certBag OID as a string.
  const certBag: string = forge.pki.oids.certBag as string;
  const bags: forge.pkcs12.Bag[] = p12.getBags({ bagType: certBag })[certBag] ?? [];
  return bags.flatMap((b) => (b.cert ? [b.cert] : []));
}

describe('simulator PKI', () => {
  it('generates one CA even when two starts race on an empty directory', () => {
    expect(concurrent.caPem).toBe(pki.caPem);
    expect(concurrent.serverCertPem).toBe(pki.serverCertPem);
  });

  it('reuses the directory on the next start', async () => {
    const before = statSync(pki.guichetP12('G1104')).mtimeMs;
    const again = await ensurePki(dir);
    expect(again.caPem).toBe(pki.caPem);
    expect(statSync(pki.guichetP12('G1104')).mtimeMs).toBe(before);
  });

  it('issues a server certificate for 127.0.0.1 and localhost', () => {
    const server = new X509Certificate(pki.serverCertPem);
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(server.checkHost('localhost')).toBe('localhost');
    expect(server.verify(new X509Certificate(pki.caPem).publicKey)).toBe(true);
  });

  it.each([
    ['G1104', 'G1104', 'valid', true],
    ['G2201', 'G2201', 'valid', true],
    ['G3301', 'G3301', 'valid', true],
    ['G1104-expire', 'G1104', 'expired', true],
    ['G1104-autre-ca', 'G1104', 'valid', false],
  ])('%s: CN %s, %s, signed by the CA: %s, without the CA inside', (name, cn, state, byCa) => {
    const file = pki.guichetP12(name);
    // Node opens it (AES-256, not the RC2 that Node 20 refuses).
    expect(() =>
      createSecureContext({ pfx: readFileSync(file), passphrase: PKI_PASSPHRASE }),
    ).not.toThrow();
    const certs = certsIn(file);
    expect(certs).toHaveLength(1);
    const cert = new X509Certificate(forge.pki.certificateToPem(certs[0] as forge.pki.Certificate));
    expect(cert.subject).toContain(`CN=${cn}`);
    expect(new Date(cert.validTo).getTime() < Date.now()).toBe(state === 'expired');
    expect(cert.verify(new X509Certificate(pki.caPem).publicKey)).toBe(byCa);
  });
});
