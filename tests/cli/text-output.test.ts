// What each command prints for people (without --json), on small fixtures, from the built command with relative
// paths. The text is short and stable, so a snapshot is the right check; a change to it shows in review as a diff.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnOf } from '../../server/domain/plan-export.ts';
import { progress } from '../../server/cli-progress.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { buildTypicalListingSet } from '../fixtures/access-listings.ts';
import { loadWorkbook, saveWorkbook } from '../fixtures/export.ts';
import { runCli } from './run-cli.ts';

let dir = '';
const cli = (args: string[], env?: Record<string, string>) => runCli(args, { cwd: dir, ...(env ? { env } : {}) });
const PROFILE = ['--ipo-date', '2027-05-15', '--fye', '12-31', '--egc', 'yes', '--filer-status', 'accelerated', '--financial-systems', 'NetSuite,Salesforce Billing,ADP', '--start', '2026-11-25'];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'soxbridge-text-'));
  mkdirSync(join(dir, 'clients'));
  const saas = await buildTypicalSaasXlsx();
  writeFileSync(join(dir, 'acme-soc2.xlsx'), saas);
  writeFileSync(join(dir, 'clients', 'acme.xlsx'), saas);
  writeFileSync(join(dir, 'clients', 'wrong.csv'), 'a,b\n1,2\n');
  const f = await buildTypicalListingSet();
  writeFileSync(join(dir, 'netsuite-users.xlsx'), f.netsuite);
  writeFileSync(join(dir, 'okta-admins.csv'), f.okta);
  // the file date is the weakest evidence of when a listing was extracted, and it is printed: fix it
  const d = new Date('2026-10-30T12:00:00Z');
  for (const n of ['netsuite-users.xlsx', 'okta-admins.csv']) utimesSync(join(dir, n), d, d);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ok(r: { code: number; stdout: string; stderr: string }): string {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

describe('text output of every command', () => {
  it('analyze: issues by kind, readiness, top gaps, SoD conflicts, filings, the workbook', () => {
    expect(ok(cli(['analyze', 'acme-soc2.xlsx', ...PROFILE, '--out', 'plan.xlsx']))).toMatchSnapshot();
  });

  it('analyze over a folder: one line per file and a total, the failure on stderr', () => {
    const r = cli(['analyze', 'clients', ...PROFILE, '--out-dir', 'plans']);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatchSnapshot();
    expect(r.stderr).toMatchSnapshot();
  });

  it('import: the tables read and the issues by kind with sheet and row', () => {
    expect(ok(cli(['import', 'acme-soc2.xlsx']))).toMatchSnapshot();
  });

  it('diff: the counts, then each change with its row', async () => {
    ok(cli(['analyze', 'acme-soc2.xlsx', ...PROFILE, '--company', 'Acme Cloud', '--out', 'export.xlsx']));
    const wb = await loadWorkbook(new Uint8Array(readFileSync(join(dir, 'export.xlsx'))));
    const ws = wb.getWorksheet('Plan')!;
    ws.getRow(3).getCell(columnOf('status')).value = 'done';
    ws.getRow(4).getCell(columnOf('owner')).value = 'Nobody Known';
    writeFileSync(join(dir, 'edited.xlsx'), await saveWorkbook(wb));
    const text = ok(cli(['diff', 'export.xlsx', 'edited.xlsx']));
    // the export id is random per export: the rest is stable
    expect(text.replace(/\(export [0-9a-f-]{36}\)/, '(export <id>)')).toMatchSnapshot();
  });

  it('sod: listings, conflicts, counts and issues', () => {
    expect(ok(cli(['sod', 'netsuite-users.xlsx', 'okta-admins.csv', '--as-of', '2026-11-25']))).toMatchSnapshot();
  });

  it('audit verify, user list and workspace list on a fresh database', () => {
    const env = { DATA_DIR: join(dir, 'data') };
    expect(ok(cli(['user', 'list'], env))).toMatchSnapshot();
    expect(ok(cli(['audit', 'verify'], env))).toMatchSnapshot();
  });

  it('--quiet prints nothing for any of them', () => {
    expect(ok(cli(['analyze', 'acme-soc2.xlsx', ...PROFILE, '--quiet']))).toBe('');
    expect(ok(cli(['import', 'acme-soc2.xlsx', '-q']))).toBe('');
    expect(ok(cli(['diff', 'export.xlsx', 'edited.xlsx', '--quiet']))).toBe('');
    expect(ok(cli(['sod', 'netsuite-users.xlsx', '--as-of', '2026-11-25', '--quiet']))).toBe('');
  });
});

describe('progress', () => {
  const stream = (tty: boolean) => {
    const s = new PassThrough() as PassThrough & { isTTY?: boolean };
    s.isTTY = tty;
    let text = '';
    s.on('data', (b: Buffer) => (text += b.toString()));
    return { s: s as unknown as NodeJS.WriteStream, text: () => text };
  };
  it('is written to a terminal, rewritten in place and cleared at the end', async () => {
    const t = stream(true);
    const p = progress(false, t.s);
    p.step('acme.xlsx: reading');
    p.step('acme.xlsx: analysing 29 controls');
    p.done();
    await new Promise((r) => setImmediate(r));
    expect(t.text()).toBe('\r\x1b[2Kacme.xlsx: reading…\r\x1b[2Kacme.xlsx: analysing 29 controls…\r\x1b[2K');
  });
  it('is not written to a pipe or a file, nor under --quiet', async () => {
    for (const [tty, quiet] of [[false, false], [true, true]] as const) {
      const t = stream(tty);
      const p = progress(quiet, t.s);
      p.step('reading');
      p.done();
      await new Promise((r) => setImmediate(r));
      expect(t.text()).toBe('');
    }
  });
});
