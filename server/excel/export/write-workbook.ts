// Writes the plan workbook: a new file every time (the client's original is never re-saved), sheets in a fixed order,
// the first one visible and active. Returns the bytes.
import type ExcelJS from 'exceljs';
import { ACCESS_SHEET, addAccessSheet } from './access-sheet.ts';
import { addBoardSheet } from './board-sheet.ts';
import { addCosoSheet } from './coso-sheet.ts';
import { markFormulaLikeCells } from './formula-safe.ts';
import { addMappingSheet } from './mapping-sheet.ts';
import { addMatrixSheet, type FinishRow } from './matrix-sheet.ts';
import type { ExportModel } from './model.ts';
import { addPlanSheet } from './plan-sheet.ts';
import { addProgramSheet } from './program-sheet.ts';
import { addListsSheet, addMetaSheet, ownersRange } from './round-trip-sheets.ts';
import { addSodSheet } from './sod-sheet.ts';
import { addSoc1Sheet, hasSoc1Sheet, SOC1_SHEET } from './soc1-sheet.ts';
import { addSummarySheet } from './summary-sheet.ts';
import { addTestingSheets } from './testing-sheet.ts';
import { addTimelineSheet } from './timeline-sheet.ts';
import { addScenariosSheet, SCENARIOS_SHEET } from './scenarios-sheet.ts';
import { commitSheet, streamedWorkbook } from './stream-workbook.ts';

export const SHEET_ORDER = ['Summary', 'Board', 'Timeline', 'Plan', 'Testing', 'Deficiencies', 'SOX Program', 'Mapping', 'SOC 2 Matrix', 'COSO', 'SoD', 'meta', 'Lists'] as const;

// The sheets of one export: SHEET_ORDER, with the access sheet right after SoD when the engagement has access data,
// and the SOC 1 register after those when the engagement relies on a service organisation.
export function sheetOrder(model: Pick<ExportModel, 'access' | 'scenarios'> & { analysis?: { soc1?: unknown[] } }): string[] {
  const order: string[] = [...SHEET_ORDER];
  if (model.scenarios?.length) order.splice(order.indexOf('Timeline') + 1, 0, SCENARIOS_SHEET);
  if (model.access) order.splice(order.indexOf('SoD') + 1, 0, ACCESS_SHEET);
  if (model.analysis && hasSoc1Sheet({ analysis: model.analysis })) order.splice(order.indexOf('meta'), 0, SOC1_SHEET);
  return order;
}

// exceljs gives every cell a style object of its own and, on writing, renders each one's font, fill, border and
// alignment to XML to find its style id, unless it has seen that very object before (a WeakMap by identity). Cells
// with equal styles are given one shared object here, row by row as each row is finished, so each distinct style is
// rendered once: the file is the same, written faster. (Nothing may change a finished row's styles.) The value's type
// is part of the key because exceljs picks a default number format by type (a date without a format of its own gets
// a date format) and caches that with the object. A style's parts (font, fill, ...) are mostly shared objects
// already; each part object is turned into text once, not once per cell.
// (symbol keys are invisible to JSON.stringify, for-in and exceljs; not enumerable, so a spread does not copy them)
const PART_ID = Symbol('style part id');
const SHARED = Symbol('shared style');

type Stamped = Record<PropertyKey, unknown>;

export class StyleSharer {
  private readonly partTexts = new Map<string, number>();
  private readonly shared = new Map<string, Partial<ExcelJS.Style>>();
  private readonly recent: { type: ExcelJS.ValueType; style: Stamped }[] = [];
  private next = 0;

  // The number of a part's content: objects with the same content get the same number. Stamped on the object, so
  // each part object is turned into text once (the same font object serves a whole sheet's body cells).
  private part(o: Stamped): number {
    const known = o[PART_ID];
    if (typeof known === 'number') return known;
    const text = JSON.stringify(o);
    let id = this.partTexts.get(text);
    if (id === undefined) this.partTexts.set(text, (id = this.partTexts.size));
    Object.defineProperty(o, PART_ID, { value: id, enumerable: false });
    return id;
  }

  row(row: ExcelJS.Row): void {
    row.eachCell({ includeEmpty: true }, (cell) => {
      const style = cell.style as Stamped;
      const type = cell.type;
      if (style[SHARED] === type) return; // (a merged cell has its master's style, already shared)
      // Neighbouring cells mostly have the very same parts (one body font, one border): compared by identity first.
      for (const r of this.recent) {
        if (r.type === type && sameParts(r.style, style)) {
          cell.style = r.style;
          return;
        }
      }
      let key = String(type);
      for (const k of STYLE_PARTS) {
        const v = style[k];
        if (v !== undefined) key += `|${k}:${v !== null && typeof v === 'object' ? this.part(v as Stamped) : String(v)}`;
      }
      let same = this.shared.get(key);
      if (same) cell.style = same;
      else {
        same = style;
        // (not enumerable: a spread or Object.assign of the object does not copy the mark; a style object a merged
        // cell shares with its master is the shared one of each cell type it is seen with, the last one marked)
        Object.defineProperty(style, SHARED, { value: type, enumerable: false, configurable: true });
        this.shared.set(key, style);
      }
      this.recent[this.next] = { type, style: same as Stamped };
      this.next = (this.next + 1) % RECENT;
    });
  }
}

// What exceljs renders of a cell's style (StylesXform.addStyleModel reads these and nothing else).
const STYLE_PARTS = ['numFmt', 'font', 'alignment', 'border', 'fill', 'protection'] as const;
const RECENT = 8;

function sameParts(a: Stamped, b: Stamped): boolean {
  for (const k of STYLE_PARTS) if (a[k] !== b[k]) return false;
  return true;
}

export async function writePlanWorkbook(model: ExportModel): Promise<Uint8Array> {
  const out = streamedWorkbook();
  const { wb } = out;
  wb.creator = 'soxbridge';
  wb.lastModifiedBy = 'soxbridge';
  wb.created = new Date(model.exportedAt);
  wb.modified = wb.created;
  wb.title = `${model.analysis.profile.companyName} SOX readiness plan`;
  const phaseNames = new Map(model.analysis.plan.phases.map((p) => [p.id, p.name]));
  const styles = new StyleSharer();
  // Client and user text starting with =, +, -, @, a tab or CR keeps Excel's quote prefix; equal styles share one object.
  const finishRow: FinishRow = (row) => {
    markFormulaLikeCells(row);
    styles.row(row);
  };
  // Each sheet is written to the file and let go of once it is built (the matrix commits its rows as it goes).
  // A viewer's copy: every sheet protected (no password: this marks it read-only, it is not a secret), so the board
  // reads it as the record it is; soxbridge refuses it as a re-import.
  const commitSheets = async () => {
    for (const ws of out.uncommitted()) {
      if (model.readOnly) await ws.protect('', { selectLockedCells: true, selectUnlockedCells: true, autoFilter: true, sort: false, formatColumns: true });
      ws.eachRow({ includeEmpty: true }, finishRow);
      commitSheet(ws);
    }
  };
  const steps: (() => unknown)[] = [
    () => addSummarySheet(wb, model),
    () => addBoardSheet(wb, model),
    () => addTimelineSheet(wb, model),
    () => addScenariosSheet(wb, model), // only when scenarios are saved on the engagement
    () => addPlanSheet(wb, model.tasks, phaseNames, ownersRange(model.tasks)),
    () => addTestingSheets(wb, model),
    () => addProgramSheet(wb, model),
    () => addMappingSheet(wb, model, finishRow), // reviewers' decisions on source→target links, editable (issue 22)
    () => addMatrixSheet(wb, model, finishRow),
    () => addCosoSheet(wb, model),
    () => addSodSheet(wb, model),
    () => addAccessSheet(wb, model), // only when model.access is present
    () => addSoc1Sheet(wb, model), // only when the engagement names or registers a service organisation
    () => addMetaSheet(wb, model),
    () => addListsSheet(wb, model.tasks),
  ];
  for (const step of steps) {
    await step();
    await commitSheets();
    // (a turn of the event loop: the zip takes what was committed and deflates it on the thread pool meanwhile)
    await new Promise((resolve) => setImmediate(resolve));
  }
  // exceljs writes no active tab unless told; Excel then may open on a hidden sheet.
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  return out.finish();
}
