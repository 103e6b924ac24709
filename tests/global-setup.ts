// Runs once per `vitest run`, before any test file: says in one line when the PostgreSQL variants of the database and
// API suites are skipped (they run only when DATABASE_URL_TEST is set; see the README's Tests section).
export default function setup(): void {
  if (!process.env.DATABASE_URL_TEST?.trim())
    process.stdout.write('PostgreSQL variants skipped: DATABASE_URL_TEST is unset (README, Tests: how to run them)\n');
}
