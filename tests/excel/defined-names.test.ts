import { describe, expect, it } from 'vitest';
import { countFormulaCells, measureDefinedNames, namesToNeutralise } from '../../server/excel/defined-names.ts';

describe('defined name sizes', () => {
  it('counts cells of areas, whole columns, whole rows and several areas', () => {
    expect(countFormulaCells('Sheet1!$A$1:$XFD$1048576')).toBe(16384 * 1048576);
    expect(countFormulaCells("'Risk, Controls'!$A:$C")).toBe(3 * 1048576);
    expect(countFormulaCells('Sheet1!$1:$3')).toBe(3 * 16384);
    expect(countFormulaCells('Sheet1!$A$1,Sheet1!$B$2:$C$3')).toBe(1 + 4);
    expect(countFormulaCells('Sheet1!$A$1')).toBe(1);
    expect(countFormulaCells('"A1:Z99"')).toBe(0);
    expect(countFormulaCells('#REF!')).toBe(0);
  });

  it('picks the names over the limit, then the largest until the rest fit', () => {
    const xml =
      '<workbook><definedNames>' +
      '<definedName name="Huge">S!$A$1:$XFD$1048576</definedName>' +
      '<definedName name="Mid1">S!$A$1:$A$600</definedName>' +
      '<definedName name="Mid2">S!$B$1:$B$500</definedName>' +
      '<definedName name="Tiny">S!$C$1</definedName>' +
      '<definedName name="_xlnm.Print_Area" localSheetId="0">S!$A:$Z</definedName>' +
      '</definedNames></workbook>';
    const names = measureDefinedNames(xml);
    expect(names.map((n) => [n.name, n.cells])).toEqual([
      ['Huge', 16384 * 1048576],
      ['Mid1', 600],
      ['Mid2', 500],
      ['Tiny', 1],
      ['_xlnm.Print_Area', 0],
    ]);
    const drop = namesToNeutralise(names, 1000);
    expect(drop.map((n) => n.name)).toEqual(['Huge', 'Mid1']);
  });
});
