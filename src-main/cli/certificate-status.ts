// The part of `status` about data protection: the certificate sync will present (its expiry
// warning from 30 days ahead) and whether the cache had to be replaced after a key loss.
import { isGuichetError } from '../core/errors.ts';
import {
  certificateStatus,
  readPkcs12,
  type CertificatStatut,
} from '../core/keychain/certificate.ts';
import type { StoredSettings } from '../core/settings.ts';
import { cacheRecoveryNotice } from '../core/store/open-cache.ts';
import type { Store } from '../core/store/open.ts';
import { resolveConnection } from './connection-options.ts';

export interface ProtectionStatus {
  certificat: CertificatStatut | null;
  /** Why the certificate could not be read (French), when it could not. */
  certificatErreur: string | null;
  /** Set when this cache replaced an unreadable one (French). */
  cacheRecuperation: string | null;
}

export async function protectionStatus(
  settings: StoredSettings,
  store: Store,
  env: NodeJS.ProcessEnv,
  now: Date = new Date(),
): Promise<ProtectionStatus> {
  const recovery = cacheRecoveryNotice(store);
  const base = { cacheRecuperation: recovery?.message ?? null };
  try {
    const { cert } = await resolveConnection(settings, env);
    const info = readPkcs12(cert.pfx, cert.passphrase, now);
    return { ...base, certificat: certificateStatus(info), certificatErreur: null };
  } catch (error) {
    // status reports what it can: a certificate problem is one line of it, not a failure.
    if (!isGuichetError(error)) throw error;
    const message = error.code === 'CERT_ABSENT' ? null : error.message;
    return { ...base, certificat: null, certificatErreur: message };
  }
}

export function describeProtection(p: ProtectionStatus): string[] {
  const lines: string[] = [];
  if (p.certificat) {
    lines.push(
      `Certificat : guichet ${p.certificat.guichet}, ${p.certificat.daysLeft} jour(s) de validité restant(s)`,
    );
    if (p.certificat.message) lines.push(`ATTENTION : ${p.certificat.message}`);
  } else {
    lines.push(`Certificat : ${p.certificatErreur ?? 'aucun (importez-le avec « cert import »)'}`);
  }
  if (p.cacheRecuperation) lines.push(`Cache local : ${p.cacheRecuperation}`);
  return lines;
}
