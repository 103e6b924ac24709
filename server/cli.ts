#!/usr/bin/env node
// The command line (`soxbridge`, built to dist/cli.js; `npm run -s cli -- …`): the same use cases as the API. This
// entry only dispatches, so `--help` answers without loading the analysis, exceljs or the database. Exit 0 on
// success; exit 2 with one line on stderr for input it cannot use. A thrown error is a bug: reported as such, exit 1.

import { PROFILE_HELP } from './cli-profile.ts'; // strings only: --help stays fast

const HELP = `soxbridge — SOC 2 to SOX readiness

Usage (installed as the soxbridge command; from the repository, npm run -s cli -- … does the same):
  soxbridge analyze <file|folder>... [options]   import SOC 2 matrices (.xlsx or .csv) and analyse each;
                             several files or a folder: one line per file, --out-dir for the workbooks
  soxbridge scenarios <file> [analyze options] --vary KEY=V1,V2 [--vary …] [--json]
                             the baseline and one scenario per varied value (e.g. --vary ipo-date=2028-03-01
                             --vary filer-status=large-accelerated): timeline, plan and what moved, side by side
  soxbridge import <file> [--sheet NAME]... [--json]   import only: tables, mapping, controls, issues
  soxbridge sod [SYSTEM=]<listing>... [--roster file] [--duty-map file] [--resolutions file] [--json]
                             access-based segregation of duties over user-access listings of the financial systems
  soxbridge diff <exported.xlsx> <edited.xlsx> [--current <later-export.xlsx>] --json
                             compare an edited plan workbook with the export it came from (by task id);
                             --current: a later export of the same engagement, to find conflicting edits
  soxbridge audit verify [--json] [--expect-tip SEQ:HASH]
                                     recompute the keyed audit chain and print its tip; exit 3 and the first
                                     broken entry if broken, or if the recorded tip is gone or rewritten
  soxbridge backup <file>            consistent copy of the SQLite database while the server runs
  soxbridge restore <file>           bring a backup back (server stopped); the old database is kept aside
  soxbridge user add --owner <email> [--name N] [--password P]
                             add the first owner: the server then requires sign-in (prompts for the
                             password when --password is omitted)
  soxbridge user add <email> --role owner|editor|reviewer|viewer [--workspace W] [--engagement ID]
  soxbridge user role <email> --role owner|editor|reviewer|viewer [--workspace W] [--engagement ID]
                                             give an existing user a role, or change it (the last owner stays owner)
  soxbridge user reset <email>       print a one-time password-reset link (valid one hour)
  soxbridge user disable <email>     the account can no longer sign in; its sessions end now (roles stay
                                             listed until an owner removes them); user enable <email> undoes it
  soxbridge user list | workspace list [--json]
  soxbridge workspace add <name> [--owner <email>]
  soxbridge --help

analyze options (every one has a default, shown with its basis in the JSON "defaults"):
  --sheet NAME               import this sheet (repeatable); default: chosen by content
  --ipo-date YYYY-MM-DD      IPO (effective) date; default: plan start + 12 months
  --fye MM-DD                fiscal year end; default 12-31; 02-29 = last day of February;
                             last-<weekday>-MM / nearest-<weekday>-MM for 52/53-week years (e.g. last-sat-12)
  --egc yes|no               Emerging Growth Company at the IPO; default yes
  --filer-status S           non-accelerated | accelerated | large-accelerated, expected from the
                             second fiscal year end; default non-accelerated
  --egc-ends-fy YYYY         fiscal year in which EGC status ends early (e.g. > $1B debt), if expected
${PROFILE_HELP}
  --financial-systems "A,B"  financially significant systems (ERP, billing, payroll, …)
  --cycles "a,b"             business cycles in scope; default all but inventory
  --service-orgs "A,B"       service organizations relied on (payroll provider, …)
  --results FILE.xlsx        fold the test results and deficiency judgements recorded on the Testing and
                             Deficiencies sheets of an edited export into the analysis ("deficiencies" in the JSON),
                             and the accept/reject/add decisions on its Mapping sheet
  --soc1 register.json       the SOC 1 register: {"entries":[{"org","reportType":"type1|type2","periodStart",
                             "periodEnd","bridgeLetterThrough","targets":[],"cuecs":[{"id","text","controlId","owner"}]}]}
  --company NAME             company name for the plan and exports
  --start YYYY-MM-DD         plan start; default today
  --out plan.xlsx            write the plan workbook (Summary, Timeline, Plan, SOX Program, SOC 2 Matrix,
                             COSO, SoD) for the finance team and the board
  --access [SYSTEM=]FILE     a user-access listing of a financial system (repeatable): access-based SoD
                             conflicts go into the JSON as "access" and the workbook as the "SoD – Access" sheet
  --access-roster FILE       HR roster (name / e-mail / termination date) for leavers still active
  --out-dir FOLDER           write one workbook per file, named <file>-plan.xlsx
  --json                     print the whole analysis as one JSON object (several files: {"files": [...]})
  --quiet, -q                print nothing on success (errors still go to stderr)

Paths are read from the folder you stand in. Progress is shown on stderr when it is a terminal.

Exit codes: 0 success; 2 input it cannot use (one line on stderr; in a batch, any file that failed); 1 an internal error.`;

const fail = (message: string, code = 2): never => {
  process.stderr.write(`soxbridge: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exit(code);
};

const isUsage = (e: unknown) =>
  (e instanceof Error && e.name === 'UsageError') || (e instanceof TypeError && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS'));

// A command that reads a spreadsheet starts its reader process first: Node and exceljs then load in the reader while
// this process loads the analysis (about a third of a second saved on a file). Not for a call that asks for help.
async function readerAhead(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) return;
  (await import('./cli-reader.ts')).readerAhead();
}

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (command === 'audit' || command === 'backup' || command === 'restore') {
    const { adminCommand } = await import('./cli-admin.ts');
    return adminCommand(argv);
  }
  if (command === 'user' || command === 'workspace') {
    const { usersCommand } = await import('./cli-users.ts');
    return usersCommand(argv);
  }
  // `sod` has options of its own (access listings, roster, duty map): hand it the arguments untouched.
  if (command === 'scenarios') {
    await readerAhead(argv);
    const { scenariosCommand } = await import('./cli-scenarios.ts');
    return scenariosCommand(argv.slice(1));
  }
  if (command === 'sod') {
    await readerAhead(argv);
    const { sodCommand } = await import('./cli-sod.ts');
    return sodCommand(argv.slice(1));
  }
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (!['analyze', 'analyse', 'import', 'diff'].includes(command)) fail(`unknown command "${command}"; see --help`);
  await readerAhead(argv);
  const { analyzeCommand } = await import('./cli-analyze.ts');
  return analyzeCommand(command, argv.slice(1));
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    if (isUsage(e)) fail((e as Error).message);
    fail(`internal error (a bug, please report it): ${e instanceof Error ? e.message : String(e)}`, 1);
  },
);
