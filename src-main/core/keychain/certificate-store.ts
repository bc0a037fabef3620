// The guichet's certificate in the OS keychain: the PKCS#12 and its passphrase, validated before
// they are stored, stored as one record (secret-record.ts: all or nothing), never in a file.
import type { CertificatInfo } from '../api-types.ts';
import type { CertificatePort } from '../api/context.ts';
import { systemClock, type Clock } from '../clock.ts';
import { GuichetError } from '../errors.ts';
import { silentLogger, type Logger } from '../logger.ts';
import type { ClientCertificate } from '../sne/tls.ts';
import { readPkcs12, validatePkcs12 } from './certificate.ts';
import { osKeychain, type Keychain } from './keychain.ts';
import { deleteSecretRecord, readSecretRecord, writeSecretRecord } from './secret-record.ts';

export const CERTIFICATE_RECORD = 'certificat';

export interface CertificateStoreDeps {
  keychain?: Keychain;
  clock?: Clock;
  logger?: Logger;
}

export interface StoredCertificate extends ClientCertificate {
  guichet: string;
  info: CertificatInfo;
}

interface CertificateRecord {
  pfx: string; // base64
  passphrase: string;
}

/** Validates the PKCS#12, then stores it; on any refusal nothing is stored or replaced. */
export async function importCertificate(
  pfx: Buffer,
  passphrase: string,
  deps: CertificateStoreDeps = {},
): Promise<CertificatInfo> {
  const { keychain, clock, logger } = resolve(deps);
  const info = validatePkcs12(pfx, passphrase, clock.now());
  const record: CertificateRecord = { pfx: pfx.toString('base64'), passphrase };
  await writeSecretRecord(keychain, CERTIFICATE_RECORD, JSON.stringify(record));
  logger.info('certificate.imported', { guichet: info.guichet, daysLeft: info.daysLeft });
  return info;
}

/** What `cert show` prints: the stored certificate described, even if it has expired since. */
export async function showCertificate(
  deps: CertificateStoreDeps = {},
): Promise<CertificatInfo | null> {
  return (await loadStoredCertificate(deps))?.info ?? null;
}

/** The certificate sync presents to the SNE when none is given explicitly. */
export async function loadStoredCertificate(
  deps: CertificateStoreDeps = {},
): Promise<StoredCertificate | null> {
  const { keychain, clock } = resolve(deps);
  const raw = await readSecretRecord(keychain, CERTIFICATE_RECORD);
  if (raw === null) return null;
  const record = parseRecord(raw);
  const pfx = Buffer.from(record.pfx, 'base64');
  const info = readPkcs12(pfx, record.passphrase, clock.now());
  return { pfx, passphrase: record.passphrase, guichet: info.guichet, info };
}

/** True when a certificate was removed, false when there was none. */
export async function removeCertificate(deps: CertificateStoreDeps = {}): Promise<boolean> {
  const { keychain, logger } = resolve(deps);
  const removed = await deleteSecretRecord(keychain, CERTIFICATE_RECORD);
  if (removed) logger.info('certificate.removed');
  return removed;
}

/** The CertificatePort of ApiContext, backed by the keychain. */
export function keychainCertificatePort(deps: CertificateStoreDeps = {}): CertificatePort {
  return {
    current: async () => {
      const stored = await loadStoredCertificate(deps);
      return stored ? { pfx: stored.pfx, passphrase: stored.passphrase } : null;
    },
    info: () => showCertificate(deps),
    import: (pfx, passphrase) => importCertificate(pfx, passphrase, deps),
    remove: async () => {
      await removeCertificate(deps);
    },
  };
}

function resolve(deps: CertificateStoreDeps): Required<CertificateStoreDeps> {
  return {
    keychain: deps.keychain ?? osKeychain(),
    clock: deps.clock ?? systemClock,
    logger: (deps.logger ?? silentLogger).child('certificate'),
  };
}

function parseRecord(raw: string): CertificateRecord {
  let value: Partial<CertificateRecord> | null = null;
  try {
    value = JSON.parse(raw) as Partial<CertificateRecord>;
  } catch {
    // Reported below with the same message as a record of the wrong shape.
  }
  if (typeof value?.pfx !== 'string' || typeof value.passphrase !== 'string') {
    throw new GuichetError(
      'CERT_ABSENT',
      'Le certificat enregistré dans le trousseau est illisible : supprimez-le (cert remove) puis importez-le de nouveau.',
    );
  }
  return value as CertificateRecord;
}
