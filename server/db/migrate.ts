// Applies the migrations list at open. A failure is an operator problem (a corrupt or newer database), so it throws
// with the migration's name rather than returning data: the server must not start on a half-migrated schema.
import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { MIGRATIONS } from './migrations.ts';
import type { Database } from './schema.ts';

export const MIGRATION_TABLE = 'kysely_migration';

const provider: MigrationProvider = { getMigrations: async () => ({ ...MIGRATIONS }) };

// `schema` (PostgreSQL only) pins kysely's bookkeeping tables to the schema the app uses; without it kysely looks
// for them in every schema of the database and can mistake another schema's for ours.
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<string[]> {
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed) {
    const why = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${why}`.replace('  ', ' '));
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export function knownMigrationNames(): string[] {
  return Object.keys(MIGRATIONS).sort();
}
