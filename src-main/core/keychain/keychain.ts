// The OS keychain (macOS Keychain, Windows Credential Manager, Secret Service on Linux) behind a
// small async interface, with its failures turned into GuichetErrors a person can act on.
//
// On Linux the store is pinned to the Secret Service: left to itself the library falls back to
// the kernel keyring, which "works" inside one process and loses everything at the next start
// (docs/stack.md §4). A machine without a Secret Service must be told so, not given a keychain
// that forgets.
import { AsyncEntry, findCredentialsAsync } from '@napi-rs/keyring';
import { GuichetError } from '../errors.ts';

export const KEYCHAIN_SERVICE = 'sne-guichet';
/**
 * Overrides the service name, so that two installations (or parallel test runs) sharing one
 * user keyring keep their certificate and cache key apart.
 */
export const KEYCHAIN_SERVICE_ENV = 'SNE_GUICHET_TROUSSEAU';

export interface Keychain {
  /** Service name under which every entry of the application is filed. */
  readonly service: string;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** True when an entry was deleted, false when there was none. */
  delete(account: string): Promise<boolean>;
  /** Accounts filed under the service (used to sweep leftovers of interrupted writes). */
  accounts(): Promise<string[]>;
}

const ENTRY_OPTIONS = { linux: { store: 'secret-service' as const } };

/** The keychain of the operating system, for `service` (tests give their own name). */
export function osKeychain(
  service: string = process.env[KEYCHAIN_SERVICE_ENV] || KEYCHAIN_SERVICE,
): Keychain {
  const entry = (account: string): AsyncEntry => {
    try {
      // The constructor already talks to D-Bus on Linux and throws when there is no session.
      return new AsyncEntry(service, account, ENTRY_OPTIONS);
    } catch (error) {
      throw keychainError(error);
    }
  };
  const guard = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw keychainError(error);
    }
  };
  return {
    service,
    get: (account) => guard(() => entry(account).getPassword()),
    set: (account, secret) => guard(() => entry(account).setPassword(secret)),
    delete: (account) => guard(() => entry(account).deletePassword()),
    accounts: () => guard(async () => (await findCredentialsAsync(service)).map((c) => c.account)),
  };
}

// Substrings of the library's messages (keyring-rs and the platform layers) that mean "the store
// exists but is locked": Secret Service prompts that nobody can answer, macOS refusing to ask.
const LOCKED = /locked|prompt|dismissed|interaction is not allowed|user canceled/i;

/** Maps a keyring failure to KEYCHAIN_VERROUILLE or KEYCHAIN_INDISPONIBLE. */
export function keychainError(error: unknown): GuichetError {
  if (error instanceof GuichetError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (LOCKED.test(message)) {
    return new GuichetError(
      'KEYCHAIN_VERROUILLE',
      'Le trousseau du système est verrouillé. Déverrouillez-le (ouverture de session ou ' +
        'gestionnaire de mots de passe), puis recommencez.',
      { platform: process.platform },
      { cause: error },
    );
  }
  return new GuichetError(
    'KEYCHAIN_INDISPONIBLE',
    unavailableMessage(),
    { platform: process.platform },
    { cause: error },
  );
}

function unavailableMessage(): string {
  if (process.platform === 'linux') {
    return (
      "Aucun trousseau Secret Service n'est joignable dans cette session (gnome-keyring, " +
      'KWallet ou KeePassXC). Installez-en un et ouvrez une session graphique, ou lancez ' +
      "gnome-keyring-daemon dans une session D-Bus. L'application ne garde ni le certificat ni " +
      'la clé du cache hors du trousseau.'
    );
  }
  const name = process.platform === 'darwin' ? 'Trousseau macOS' : "Gestionnaire d'identification";
  return `Le trousseau du système (${name}) est inaccessible. Vérifiez qu'il fonctionne, puis recommencez.`;
}
