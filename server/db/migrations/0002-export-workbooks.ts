// FROZEN once applied. Exports keep the workbook they handed out (so it can be downloaded again, exactly as sent)
// and who made it.
import { PostgresAdapter, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('exports').addColumn('workbook', pg ? 'bytea' : 'blob').execute();
  await db.schema.alterTable('exports').addColumn('file_name', 'text').execute();
  await db.schema.alterTable('exports').addColumn('created_by', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('exports').dropColumn('created_by').execute();
  await db.schema.alterTable('exports').dropColumn('file_name').execute();
  await db.schema.alterTable('exports').dropColumn('workbook').execute();
}
