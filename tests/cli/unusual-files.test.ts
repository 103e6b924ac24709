// The CLI on files that are not a company's matrix (issue 23): the TSC criteria list is refused with exit 2 and one
// line saying it is the criteria catalogue (no readiness computed); a mapping workbook imports the mapped controls.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { criteriaList, mappingWorkbook } from '../fixtures/unusual-matrices.ts';
import { TSC } from '../intake/grid-builder.ts';
import { runCli } from './run-cli.ts';

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'soxbridge-cli-unusual-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli on files that are not a company matrix', () => {
  it('refuses the TSC criteria list with exit 2 and says it is the criteria catalogue', async () => {
    const file = join(dir, 'tsc-2017.xlsx');
    writeFileSync(file, await criteriaList(TSC));
    const r = runCli(['analyze', file, '--ipo-date', '2027-05-15', '--json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("this is the Trust Services Criteria catalogue, not a company's controls");
    expect(r.stderr).toContain('no readiness is computed');
  });

  it('imports the mapped framework controls of a mapping workbook', async () => {
    const file = join(dir, 'tsc-csf.xlsx');
    writeFileSync(file, await mappingWorkbook(TSC));
    const r = runCli(['import', file]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/: 15 controls read from sheet Mapping\n/);
    expect(r.stdout).toMatch(/File recognised \(info, 1\): .*\n.*recognised a mapping workbook \(CSF ↔ TSC/);
  });
});
