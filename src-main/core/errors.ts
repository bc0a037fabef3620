// Errors are values with a stable code (for machines, exit codes and tests) and a French
// message (for people). Code that meets a failure it can explain throws a GuichetError; the
// edges (CLI, API transports) turn it into a message and an exit code.

export type ErrorCode =
  // certificate and TLS
  | 'CERT_PASSPHRASE'
  | 'CERT_FORMAT'
  | 'CERT_EXPIRE'
  | 'CERT_SANS_CLE'
  | 'CERT_GUICHET'
  | 'CERT_ABSENT'
  | 'TLS_REFUS'
  | 'KEYCHAIN_INDISPONIBLE'
  | 'KEYCHAIN_VERROUILLE'
  // SNE answers
  | 'SNE_INJOIGNABLE'
  | 'SNE_REPONSE_INVALIDE'
  | 'SNE_ERREUR'
  | 'SNE_REGLE'
  // local state
  | 'CACHE_CLE'
  | 'CACHE_TROP_RECENT'
  | 'DISQUE_PLEIN'
  | 'ARGUMENT_INVALIDE'
  | 'INTERNE';

export class GuichetError extends Error {
  readonly code: ErrorCode;
  /** Extra facts for logs and machines; never personal data. */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ErrorCode,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GuichetError';
    this.code = code;
    this.details = details;
  }
}

export function isGuichetError(error: unknown, code?: ErrorCode): error is GuichetError {
  return error instanceof GuichetError && (code === undefined || error.code === code);
}

/** SQLite or the file system reporting a full disk, whatever the layer. */
export function isDiskFull(error: unknown): boolean {
  const e = error as { code?: unknown } | null;
  return e?.code === 'ENOSPC' || e?.code === 'SQLITE_FULL';
}

export function diskFullError(cause: unknown): GuichetError {
  return new GuichetError(
    'DISQUE_PLEIN',
    "Le disque est plein : rien n'a été perdu, mais la synchronisation s'est arrêtée. " +
      "Libérez de l'espace puis relancez-la.",
    {},
    { cause },
  );
}
