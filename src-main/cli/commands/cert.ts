// `cert import | show | remove`: the guichet's certificate in the OS keychain.
// The passphrase is read from an environment variable named on the command line, never from an
// argument, so that it stays out of the process list and the shell history.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { expiryAlert, EXPIRY_WARNING_DAYS } from '../../core/keychain/certificate.ts';
import {
  importCertificate,
  removeCertificate,
  showCertificate,
} from '../../core/keychain/certificate-store.ts';
import type { CertificatInfo } from '../../core/api-types.ts';
import { isGuichetError, type ErrorCode } from '../../core/errors.ts';
import { EXIT, type CliCommand, type CliIo } from '../command.ts';

/** One exit code per way `cert` can fail, for scripts; listed in `cert aide` and the README. */
export const CERT_EXIT = {
  PASSPHRASE: 10,
  FORMAT: 11,
  EXPIRE: 12,
  SANS_CLE: 13,
  GUICHET: 14,
  TROUSSEAU_VERROUILLE: 15,
  TROUSSEAU_INDISPONIBLE: 16,
  ABSENT: 17,
  FICHIER_ILLISIBLE: 18,
} as const;

const EXIT_BY_CODE: Partial<Record<ErrorCode, number>> = {
  CERT_PASSPHRASE: CERT_EXIT.PASSPHRASE,
  CERT_FORMAT: CERT_EXIT.FORMAT,
  CERT_EXPIRE: CERT_EXIT.EXPIRE,
  CERT_SANS_CLE: CERT_EXIT.SANS_CLE,
  CERT_GUICHET: CERT_EXIT.GUICHET,
  KEYCHAIN_VERROUILLE: CERT_EXIT.TROUSSEAU_VERROUILLE,
  KEYCHAIN_INDISPONIBLE: CERT_EXIT.TROUSSEAU_INDISPONIBLE,
  CERT_ABSENT: CERT_EXIT.ABSENT,
};

const HELP = `Usage :
  sne-guichet cert import --pfx FICHIER --passphrase-env VARIABLE [--json]
  sne-guichet cert show [--json]
  sne-guichet cert remove

Le certificat (PKCS#12) et sa phrase de passe sont gardés dans le trousseau du système.
La phrase de passe est lue dans la variable d'environnement nommée par --passphrase-env.

Codes de sortie :
  0   succès
  2   usage incorrect (option manquante, variable absente)
  ${CERT_EXIT.PASSPHRASE}  phrase de passe incorrecte
  ${CERT_EXIT.FORMAT}  fichier qui n'est pas un PKCS#12 lisible
  ${CERT_EXIT.EXPIRE}  certificat expiré (ou pas encore valable)
  ${CERT_EXIT.SANS_CLE}  PKCS#12 sans clé privée
  ${CERT_EXIT.GUICHET}  nom commun (CN) qui n'est pas un code guichet
  ${CERT_EXIT.TROUSSEAU_VERROUILLE}  trousseau du système verrouillé
  ${CERT_EXIT.TROUSSEAU_INDISPONIBLE}  trousseau du système absent ou injoignable
  ${CERT_EXIT.ABSENT}  aucun certificat enregistré (cert show)
  ${CERT_EXIT.FICHIER_ILLISIBLE}  fichier introuvable ou illisible
`;

export const certCommand: CliCommand = {
  name: 'cert',
  summary: 'Importer, afficher ou supprimer le certificat du guichet (trousseau du système)',
  async run(argv, io) {
    const [action, ...rest] = argv;
    try {
      if (action === 'import') return await runImport(rest, io);
      if (action === 'show') return await runShow(rest, io);
      if (action === 'remove') return await runRemove(io);
    } catch (error) {
      const exit = isGuichetError(error) ? EXIT_BY_CODE[error.code] : undefined;
      if (exit === undefined) throw error;
      io.err.write(`${error instanceof Error ? error.message : String(error)}\n`);
      return exit;
    }
    const known = action === undefined || action === 'aide' || action === '--help';
    (known ? io.out : io.err).write(HELP);
    return action === 'aide' || action === '--help' ? EXIT.OK : EXIT.USAGE;
  },
};

async function runImport(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      pfx: { type: 'string' },
      'passphrase-env': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const variable = values['passphrase-env'];
  if (values.pfx === undefined || variable === undefined) {
    io.err.write(`Il faut --pfx et --passphrase-env.\n\n${HELP}`);
    return EXIT.USAGE;
  }
  const passphrase = io.env[variable];
  if (passphrase === undefined) {
    io.err.write(
      `La variable d'environnement ${variable} n'est pas définie : elle doit contenir la phrase de passe du certificat.\n`,
    );
    return EXIT.USAGE;
  }
  let pfx: Buffer;
  try {
    pfx = readFileSync(values.pfx);
  } catch {
    io.err.write(`Impossible de lire le fichier « ${values.pfx} ».\n`);
    return CERT_EXIT.FICHIER_ILLISIBLE;
  }
  const info = await importCertificate(pfx, passphrase);
  if (values.json) io.out.write(`${JSON.stringify(info)}\n`);
  else
    io.out.write(
      `Certificat du guichet ${info.guichet} enregistré dans le trousseau.\n${describe(info)}`,
    );
  return EXIT.OK;
}

async function runShow(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false } },
  });
  const info = await showCertificate();
  if (info === null) {
    if (values.json) io.out.write('null\n');
    io.err.write('Aucun certificat enregistré : importez-le avec « cert import ».\n');
    return CERT_EXIT.ABSENT;
  }
  io.out.write(values.json ? `${JSON.stringify(info)}\n` : describe(info));
  return EXIT.OK;
}

async function runRemove(io: CliIo): Promise<number> {
  const removed = await removeCertificate();
  io.out.write(
    removed
      ? 'Certificat supprimé du trousseau.\n'
      : 'Aucun certificat enregistré : rien à supprimer.\n',
  );
  return EXIT.OK;
}

function describe(info: CertificatInfo): string {
  const date = (iso: string): string =>
    new Date(iso).toLocaleDateString('fr-FR', { timeZone: 'Europe/Paris' });
  const lines = [
    `Guichet      : ${info.guichet}`,
    `Sujet        : ${info.subject}`,
    `Émetteur     : ${info.issuer}`,
    `Valable du   : ${date(info.notBefore)} au ${date(info.notAfter)}`,
    `Jours restants : ${info.daysLeft}`,
  ];
  if (info.daysLeft < 0) lines.push('ATTENTION : ce certificat a expiré, importez-en un nouveau.');
  else if (expiryAlert(info)) {
    lines.push(
      `ATTENTION : ce certificat expire dans moins de ${EXPIRY_WARNING_DAYS} jours, demandez-en un nouveau.`,
    );
  }
  return `${lines.join('\n')}\n`;
}
