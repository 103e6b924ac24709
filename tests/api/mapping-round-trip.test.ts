// Reviewable mappings through the workbook (issue 22): the export's Mapping sheet lists every target × source or
// candidate with the decision recorded; a reviewer edits decisions in a spreadsheet program (openpyxl here, a reader
// and writer independent of exceljs: Debian's /usr/bin/python3 with python3-openpyxl), the re-import shows the change
// in the diff with invalid rows named by sheet and row, and applying it records the decisions (audited) and re-runs
// the analysis.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { forEachDatabase } from '../db/databases.ts';
import { buildTypicalSaasXlsx } from '../fixtures/typical-saas.ts';
import { apiFor, call, upload, type Api } from './harness.ts';

const PY = '/usr/bin/python3';
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'soxbridge-mapping-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Reads the Mapping sheet as openpyxl sees it: header and rows keyed "target/control".
const READ = `
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])['Mapping']
head = [c.value for c in ws[1]]
rows = [[('' if v is None else v) for v in r] for r in ws.iter_rows(min_row=2, values_only=True)]
print(json.dumps({'head': head, 'rows': rows}))
`;
// Applies edits: {"T/C": {"Decision": ..., "Reason": ...}} on existing rows, and appends new rows [{"Target":..., ...}].
const EDIT = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['Mapping']
head = {c.value: c.column for c in ws[1]}
edits = json.loads(sys.argv[3]); added = json.loads(sys.argv[4])
for row in ws.iter_rows(min_row=2):
    key = '%s/%s' % (row[head['Target'] - 1].value, row[head['Control ID'] - 1].value)
    if key in edits:
        for h, v in edits.pop(key).items():
            ws.cell(row=row[0].row, column=head[h]).value = v
if edits:
    sys.exit('no rows ' + ','.join(edits))
last = ws.max_row
for i, r in enumerate(added):
    for h, v in r.items():
        ws.cell(row=last + 1 + i, column=head[h]).value = v
wb.save(sys.argv[2])
`;

async function exported(app: Api, id: string, name: string): Promise<string> {
  const exp = await call(app, 'POST', `/api/engagements/${id}/exports?wait=true`);
  expect(exp.status, JSON.stringify(exp.json?.error ?? '')).toBe(200);
  const file = join(dir, name);
  writeFileSync(file, new Uint8Array(await (await app.request(exp.json.downloadUrl)).arrayBuffer()));
  return file;
}
function mappingSheet(file: string): { head: string[]; rows: Record<string, string>[] } {
  const out = JSON.parse(execFileSync(PY, ['-c', READ, file]).toString()) as { head: string[]; rows: string[][] };
  return { head: out.head, rows: out.rows.map((r) => Object.fromEntries(out.head.map((h, i) => [h, String(r[i] ?? '')]))) };
}
const item = async (app: Api, id: string, t: string) => (await call(app, 'GET', `/api/engagements/${id}/analysis`)).json.delta.items.find((i: { id: string }) => i.id === t);

forEachDatabase('mapping sheet round trip', (dbc) => {
  it('decisions edited in the Mapping sheet show in the re-import diff and applying them records them', { timeout: 120_000 }, async () => {
    const { app } = apiFor(dbc.handle);
    const e = await call(app, 'POST', '/api/engagements', { companyName: 'Acme Cloud', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25' });
    const id = e.json.id as string;
    const up = await upload(app, `/api/engagements/${id}/imports?wait=true`, await buildTypicalSaasXlsx(), 'soc2.xlsx');
    expect((await call(app, 'POST', `/api/engagements/${id}/imports/${up.json.importId}/confirm`, {})).status).toBe(200);
    // A decision made in the app before the export: on the sheet with who and when.
    expect((await call(app, 'PUT', `/api/engagements/${id}/targets/ITGC-AC-04/mapping-reviews/AC-03`, { decision: 'reject', reason: 'AWS console only' })).status).toBe(200);

    const file = await exported(app, id, 'plan.xlsx');
    const sheet = mappingSheet(file);
    expect(sheet.head).toEqual(['Target', 'Target title', 'Status', 'Control ID', 'Sheet!row', 'Link', 'Why (soxbridge)', 'Decision', 'Reason', 'Reviewed by', 'Reviewed at']);
    const row = (key: string) => sheet.rows.find((r) => `${r.Target}/${r['Control ID']}` === key);
    expect(row('ITGC-AC-04/AC-03')).toMatchObject({ Status: 'gap', Link: 'candidate', Decision: 'reject', Reason: 'AWS console only', 'Reviewed by': 'local', 'Reviewed at': '2026-11-25' });
    expect(row('ITGC-AC-04/AC-01')).toMatchObject({ Link: 'candidate', Decision: '' });
    expect(row('ITGC-AC-01/AC-01')).toMatchObject({ Link: 'source (strong)', Decision: '' });
    // every applicable target's sources and candidates are there, one row per link
    const analysed = (await call(app, 'GET', `/api/engagements/${id}/analysis`)).json.delta.items.filter((i: any) => i.status !== 'not-applicable');
    const links = analysed.reduce((n: number, i: any) => n + i.sources.length + i.candidates.length, 0);
    expect(sheet.rows.length).toBe(links);

    // Edited in "Excel": accept a candidate, withdraw the rejection, add a link the engine did not make, and two
    // mistakes (a rejection without a reason, a control that does not exist).
    const edited = join(dir, 'edited.xlsx');
    execFileSync(PY, [
      '-c',
      EDIT,
      file,
      edited,
      JSON.stringify({
        'ITGC-AC-04/AC-01': { Decision: 'accept', Reason: 'recertification is part of the request form' },
        'ITGC-AC-04/AC-03': { Decision: null, Reason: null },
        'ITGC-AC-04/AC-02': { Decision: 'reject' },
      }),
      JSON.stringify([
        { Target: 'ELC-08', 'Control ID': 'ENT-01', Decision: 'add', Reason: 'the board charter covers audit committee oversight' },
        { Target: 'ELC-08', 'Control ID': 'NOPE-9', Decision: 'add', Reason: 'typo' },
      ]),
    ]);
    const re = await upload(app, `/api/engagements/${id}/reimports`, new Uint8Array(readFileSync(edited)), 'edited.xlsx');
    expect(re.status, JSON.stringify(re.json.error ?? '')).toBe(200);
    const m = re.json.diff.mapping;
    expect(m.changes.map((c: any) => `${c.id} ${c.field}: "${c.before}" → "${c.after}"`).sort()).toEqual([
      'ELC-08/ENT-01 decision: "" → "add"',
      'ELC-08/ENT-01 reason: "" → "the board charter covers audit committee oversight"',
      'ITGC-AC-04/AC-01 decision: "" → "accept"',
      'ITGC-AC-04/AC-01 reason: "" → "recertification is part of the request form"',
      'ITGC-AC-04/AC-03 decision: "reject" → ""',
      'ITGC-AC-04/AC-03 reason: "AWS console only" → ""',
    ]);
    expect(m.invalid.map((v: any) => v.message)).toEqual([
      expect.stringMatching(/^Mapping!I\d+ \(ITGC-AC-04\/AC-02\): to reject a link, give the reason$/),
      expect.stringMatching(/^Mapping!row \d+ \(ELC-08\/NOPE-9\): no control NOPE-9 in the imported matrix$/),
    ]);
    expect(re.json.diff.changes).toEqual([]); // the Plan sheet was not touched

    const applied = await call(app, 'POST', `/api/engagements/${id}/reimports/${re.json.reimportId}/apply`, {});
    expect(applied.status, JSON.stringify(applied.json.error ?? '')).toBe(200);
    const ac04 = await item(app, id, 'ITGC-AC-04');
    expect(ac04.sources.map((s: any) => `${s.controlId} ${s.match} ${s.review?.decision ?? '-'}`)).toEqual(['AC-01 reviewer accept', 'AC-03 strong -']);
    expect(ac04.candidates.find((c: any) => c.controlId === 'AC-02').review).toBeUndefined(); // the invalid row changed nothing
    const elc08 = await item(app, id, 'ELC-08');
    expect(elc08.status).toBe('enhance'); // was a gap; a link through no criterion is partial coverage: enhance at best
    expect(elc08.sources.map((s: any) => `${s.controlId} ${s.match}`)).toEqual(['ENT-01 reviewer']);
    const reviews = (await call(app, 'GET', `/api/engagements/${id}/targets/ITGC-AC-04/mapping-reviews`)).json.reviews;
    expect(reviews.map((r: any) => `${r.controlId} ${r.decision} ${r.reason}`)).toEqual(['AC-01 accept recertification is part of the request form']);
    const audit = (await call(app, 'GET', `/api/engagements/${id}/audit`)).json.entries.filter((x: any) => x.entity === 'mapping-review').slice(1);
    expect(audit.map((x: any) => `${x.action} ${x.entityId} ${x.after?.via}`)).toEqual([
      'mapping.review ITGC-AC-04/AC-01 workbook',
      'mapping.review ELC-08/ENT-01 workbook',
      'mapping.review.delete ITGC-AC-04/AC-03 workbook',
    ]);

    // The next export carries the decisions as recorded.
    const again = mappingSheet(await exported(app, id, 'plan2.xlsx'));
    expect(again.rows.find((r) => r.Target === 'ELC-08' && r['Control ID'] === 'ENT-01')).toMatchObject({ Link: 'source (reviewer)', Decision: 'add', Status: 'enhance' });
  });
});
