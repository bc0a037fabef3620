// A CertificatePort that keeps the certificate in memory, for the demo (a throw-away session on
// fictitious data) and for browser tests on machines without a Secret Service. It validates
// exactly as the keychain port does; it only forgets at exit. Never used for a real guichet.
import type { CertificatInfo } from '../api-types.ts';
import type { Clock } from '../clock.ts';
import { readPkcs12, validatePkcs12 } from '../keychain/certificate.ts';
import type { ClientCertificate } from '../sne/tls.ts';
import type { CertificatePort } from './context.ts';

export function memoryCertificatePort(clock: Clock): CertificatePort {
  let stored: ClientCertificate | null = null;
  return {
    current: () => Promise.resolve(stored),
    info: () =>
      Promise.resolve(stored ? readPkcs12(stored.pfx, stored.passphrase, clock.now()) : null),
    import: (pfx: Buffer, passphrase: string): Promise<CertificatInfo> =>
      new Promise((resolve) => {
        const info = validatePkcs12(pfx, passphrase, clock.now());
        stored = { pfx, passphrase };
        resolve(info);
      }),
    remove: () => {
      stored = null;
      return Promise.resolve();
    },
  };
}
