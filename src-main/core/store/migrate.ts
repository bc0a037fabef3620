// Brings a database to the schema the code knows. Every migration runs in its own transaction
// together with its record in schema_migrations, so a crash leaves either the old or the new
// schema, never half of one. A database written by a newer version of the application is
// refused rather than guessed at: its data might not mean what this code thinks.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { GuichetError } from '../errors.ts';
import type { Migration } from './migration.ts';

export function checkMigrationList(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    const prev = migrations[i - 1];
    const cur = migrations[i];
    if (prev && cur && cur.version <= prev.version) {
      throw new Error(`migrations out of order: ${prev.version} then ${cur.version}`);
    }
  }
}

export function appliedVersions(db: Database): Set<number> {
  db.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  );
  const rows = db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[];
  return new Set(rows);
}

/** Applies the missing migrations; returns the versions it applied. */
export function migrate(db: Database, migrations: readonly Migration[]): number[] {
  checkMigrationList(migrations);
  const applied = appliedVersions(db);
  const known = new Set(migrations.map((m) => m.version));
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const unknown = [...applied].filter((v) => !known.has(v) && v > newest);
  if (unknown.length > 0 || (db.pragma('user_version', { simple: true }) as number) > newest) {
    throw new GuichetError(
      'CACHE_TROP_RECENT',
      "Le cache local a été écrit par une version plus récente de l'application. " +
        'Mettez à jour l’application (le cache n’a pas été modifié).',
      { newest, found: Math.max(...applied) },
    );
  }
  const done: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      migration.up(db);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
      db.pragma(`user_version = ${Math.max(migration.version, currentUserVersion(db))}`);
    })();
    done.push(migration.version);
  }
  return done;
}

function currentUserVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}
