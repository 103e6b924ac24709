// The plan workbook is written with exceljs's streaming writer (ExcelJS.stream.xlsx.WorkbookWriter): each sheet is
// built, then committed to the zip and let go of, and the SOC 2 Matrix (most of the workbook's cells) commits its rows
// as they are written, so the whole workbook is never held as cell objects at once. The parts are deflated by the
// zip library on Node's thread pool while the next sheet is built.
//
// The streaming writer differs from the whole-workbook one in four ways that matter here; each is put right below, so
// the sheet builders use the same worksheet API either way (exceljs's types describe it as a Worksheet):
// - it writes a sheet's opening (sheet properties such as fit-to-page and outline settings, the frozen panes and the
//   other views) when the sheet is created: here it is written with the first row instead, once the builder has set
//   them (a worksheet's `views` can also be set, as on a whole-workbook sheet);
// - it has no `rowCount`: here it is the last row number, committed or not, as on a whole-workbook sheet;
// - it writes sheet protection and hyperlinks after the validations, out of the order of the file format (Excel offers
//   to "repair" such a file): here they are written where the format puts them (and, as every exceljs writer does, the
//   fit-to-page flag before the outline settings: put in order too);
// - it cannot add the quote prefix (no writer of exceljs can): here the styles part is given it as it is written
//   (formula-safe.ts says why and how).
// These are the writer's internals (exceljs 4.4.0 is pinned and unmaintained, so they stay as they are); they are
// kept to this file.
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { quotePrefixText } from './formula-safe.ts';
import { columnLetter } from '../../domain/grid.ts';

interface SheetWriterOptions {
  id: number;
  name: string;
  workbook: unknown;
  useSharedStrings: boolean;
  properties?: unknown;
  state?: unknown;
  pageSetup?: unknown;
  views?: unknown;
  autoFilter?: unknown;
  headerFooter?: unknown;
}

// The part of exceljs's WorksheetWriter this file builds on.
interface SheetWriterBase {
  committed: boolean;
  startedData: boolean;
  stream: { write(text: string): void };
  _workbook: { styles: { addStyleModel(style: unknown, type?: number): number }; sharedStrings: { add(text: string): number } };
  _writeColumns(): void;
  _writeOpenSheetData(): void;
  _views: unknown[];
  _rowZero: number;
  _rows: unknown[] | null;
  _writeOpenWorksheet(): void;
  _writeSheetProperties(xmlBuf: { addText(text: string): void }, properties: unknown, pageSetup: unknown): void;
  _writeRow(row: unknown): void;
  _writeCloseSheetData(): void;
  _writeSheetProtection(): void;
  _writeHyperlinks(): void;
  _writeDataValidations(): void;
  hasComments: boolean;
  _sheetCommentsWriter: { addComments(comments: object[]): void };
  commit(): void;
}

const require = createRequire(import.meta.url);
// The same module exceljs's WorkbookWriter uses (one instance in Node's module cache).
const WorksheetWriter = require('exceljs/lib/stream/xlsx/worksheet-writer.js') as new (options: SheetWriterOptions) => SheetWriterBase;

// exceljs's value types (doc/enums.js ValueType) that writePlainRow writes itself.
const NULL = 0;
const NUMBER = 2;
const STRING = 3;
const DATE = 4;
const BOOLEAN = 9;
const PLAIN = new Set([NULL, NUMBER, STRING, DATE, BOOLEAN]);
const NEW_ROW_STYLE = {}; // the style of a row exceljs creates (doc/row.js)
const LETTERS: string[] = [];
const letterOf = (col: number): string => (LETTERS[col] ??= columnLetter(col));

// What writePlainRow reads of exceljs's Row and Cell (doc/row.js, doc/cell.js).
interface CellInternals {
  type: number;
  value: unknown;
  style: unknown;
  address: string;
  col: number;
  _comment?: { model: object }; // a note (doc/note.js)
}
interface RowInternals {
  _cells: (CellInternals | undefined)[];
  number: number;
  height?: number;
  hidden?: boolean;
  outlineLevel?: number;
  collapsed?: boolean;
  style: unknown;
}

class PlanSheetWriter extends WorksheetWriter {
  // Unset while the base constructor runs (it calls _writeOpenWorksheet before this class's fields exist).
  private opened?: boolean;

  override _writeOpenWorksheet(): void {
    if (this.opened !== false) return; // the constructor's call: the opening is written with the first row
    this.opened = true;
    super._writeOpenWorksheet();
  }

  private open(): void {
    if (this.opened) return;
    this.opened = false;
    this._writeOpenWorksheet();
  }

  // exceljs writes a sheet's fit-to-page flag before its outline settings; the file format has them the other way
  // round (CT_SheetPr: tabColor, outlinePr, pageSetUpPr), and the Timeline has both.
  override _writeSheetProperties(xmlBuf: { addText(text: string): void }, properties: unknown, pageSetup: unknown): void {
    const ordered = { addText: (text: string) => xmlBuf.addText(text.replace(/(<pageSetUpPr\b[^>]*\/>)(<outlinePr\b[^>]*\/>)/, '$2$1')) };
    super._writeSheetProperties(ordered, properties, pageSetup);
  }

  override _writeRow(row: unknown): void {
    this.open();
    if (!this.writePlainRow(row as RowInternals)) super._writeRow(row);
  }

  // A row of text cells written straight to the file from each cell's text and style object (shared between rows, so
  // exceljs's styles manager renders each distinct one once): the bytes writePlainRow writes for the same row, without
  // exceljs's Row and Cell objects. For the SOC 2 Matrix, most of the workbook's cells: its memory at the end of the
  // write was mostly the garbage of those objects. Every row before it must be committed; it is the next row.
  writeTextRow(cells: readonly { text: string; style: object }[], height: number | undefined): void {
    this.open();
    if ((this._rows ?? []).some((r) => r !== undefined)) throw new Error('writeTextRow: commit the rows above first');
    this.beginData();
    const { styles } = this._workbook;
    const r = this._rowZero;
    let body = '';
    for (let i = 0; i < cells.length; i++) body += this.textCell(`${letterOf(i + 1)}${r}`, styles.addStyleModel(cells[i]!.style, STRING), cells[i]!.text);
    this.writeRowXml({ number: r, height, style: NEW_ROW_STYLE }, cells.length > 0 ? 1 : 0, cells.length, body);
    this._rowZero = r + 1;
    this._rows = [];
  }

  // A row of plain cells (text, numbers, dates, booleans, styled blanks, any of them with a note; no link, formula,
  // merge or rich text), which is nearly every row, is written here as exceljs's row and cell renderers write it (the
  // same elements, attributes, style ids and shared strings; the notes handed to the sheet's comments writer as its
  // row renderer hands them) without building a model of each cell first: the writer's slowest step, and most of its
  // garbage. Any other row is left to exceljs (false).
  private writePlainRow(row: RowInternals): boolean {
    const cells = row._cells;
    let values = false;
    for (const c of cells) {
      if (c === undefined) continue;
      if (!PLAIN.has(c.type)) return false;
      if (c.type !== NULL) values = true;
    }
    if (!values && !row.height) return true; // (exceljs writes no such row either)
    this.beginData();
    const { styles } = this._workbook;
    let min = 0;
    let max = 0;
    let body = '';
    let comments: object[] | null = null;
    for (const c of cells) {
      if (c === undefined) continue;
      if (!min || min > c.col) min = c.col;
      if (max < c.col) max = c.col;
      const styleId = styles.addStyleModel(c.style || {}, c.type);
      if (c._comment !== undefined) (comments ??= []).push({ ...c._comment.model, ref: c.address }); // (cell-xform prepare)
      if (c.type === NULL && !styleId) continue;
      const s = styleId ? ` s="${styleId}"` : '';
      const v = c.value;
      switch (c.type) {
        case NULL:
          body += `<c r="${c.address}"${s}/>`;
          break;
        case STRING:
          body += this.textCell(c.address, styleId, v as string);
          break;
        case NUMBER:
          body += `<c r="${c.address}"${s}><v>${v as number}</v></c>`;
          break;
        case DATE:
          body += `<c r="${c.address}"${s}><v>${25569 + (v as Date).getTime() / 86_400_000}</v></c>`;
          break;
        case BOOLEAN:
          body += `<c r="${c.address}"${s} t="b"><v>${v ? '1' : '0'}</v></c>`;
          break;
      }
    }
    this.writeRowXml(row, min, max, body);
    if (comments) {
      this.hasComments = true;
      this._sheetCommentsWriter.addComments(comments);
    }
    return true;
  }

  // A text cell as exceljs's cell renderer writes it: a shared string (t="s").
  private textCell(address: string, styleId: number, text: string): string {
    return `<c r="${address}"${styleId ? ` s="${styleId}"` : ''} t="s"><v>${this._workbook.sharedStrings.add(text)}</v></c>`;
  }

  // The columns and the opening of the sheet data, before the first row, as exceljs's _writeRow writes them (before
  // the row's cells: the columns' styles take the first style ids).
  private beginData(): void {
    if (this.startedData) return;
    this._writeColumns();
    this._writeOpenSheetData();
    this.startedData = true;
  }

  // A row element as exceljs's row renderer writes it.
  private writeRowXml(row: Pick<RowInternals, 'number' | 'height' | 'hidden' | 'outlineLevel' | 'collapsed' | 'style'>, min: number, max: number, body: string): void {
    let open = `<row r="${row.number}"`;
    if (row.height) open += ` ht="${row.height}" customHeight="1"`;
    if (row.hidden) open += ' hidden="1"';
    if (min > 0 && max > 0 && min <= max) open += ` spans="${min}:${max}"`;
    const rowStyle = this._workbook.styles.addStyleModel(row.style);
    if (rowStyle) open += ` s="${rowStyle}" customFormat="1"`;
    open += ' x14ac:dyDescent="0.25"';
    if (row.outlineLevel) open += ` outlineLevel="${row.outlineLevel}"`;
    if (row.collapsed) open += ' collapsed="1"';
    this.stream.write(body === '' ? `${open}/>` : `${open}>${body}</row>`);
  }

  override commit(): void {
    if (this.committed) return;
    this.open();
    super.commit();
  }

  // Sheet protection right after the cells, hyperlinks after the validations, as the file format orders them.
  override _writeCloseSheetData(): void {
    super._writeCloseSheetData();
    super._writeSheetProtection();
  }

  override _writeSheetProtection(): void {}

  override _writeDataValidations(): void {
    super._writeDataValidations();
    super._writeHyperlinks();
  }

  override _writeHyperlinks(): void {}

  get views(): unknown[] {
    return this._views;
  }

  set views(value: unknown[]) {
    this._views = value;
  }

  // The last row number used, committed or not (a whole-workbook sheet's rowCount).
  get rowCount(): number {
    const rows = this._rows ?? [];
    for (let i = rows.length - 1; i >= 0; i--) if (rows[i]) return this._rowZero + i;
    return this._rowZero - 1;
  }
}

interface WorkbookWriterInternals {
  nextId: number;
  _worksheets: (PlanSheetWriter | undefined)[];
  styles: { xml: string };
  zip: { append(data: string, options: { name: string }): void };
}

// exceljs's shared-string table (utils/shared-strings.js, the same members) on a Map: exceljs keys a plain object by
// every distinct text, which is slow once it holds tens of thousands of them (the SOC 2 Matrix of a large matrix).
class SharedStringTable {
  private readonly index = new Map<string, number>();
  readonly values: string[] = [];
  totalRefs = 0;

  get count(): number {
    return this.values.length;
  }

  getString(i: number): string | undefined {
    return this.values[i];
  }

  add(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.index.set(value, i);
      this.values.push(value);
    }
    this.totalRefs++;
    return i;
  }
}

// The workbook writer with the sheets above, the shared strings on a Map and the quote prefix in its styles part.
class PlanWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  constructor(options: ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]) {
    super(options);
    (this as unknown as { sharedStrings: SharedStringTable }).sharedStrings = new SharedStringTable();
  }

  override addWorksheet(name?: string, options?: Partial<ExcelJS.AddWorksheetOptions>): ExcelJS.Worksheet {
    const self = this as unknown as WorkbookWriterInternals;
    const id = self.nextId;
    const o = (options ?? {}) as Record<string, unknown>;
    const ws = new PlanSheetWriter({
      id,
      name: name || `sheet${id}`,
      workbook: this,
      useSharedStrings: true,
      properties: o.properties,
      state: o.state,
      pageSetup: o.pageSetup,
      views: o.views,
      autoFilter: o.autoFilter,
      headerFooter: o.headerFooter,
    });
    self._worksheets[id] = ws;
    return ws as unknown as ExcelJS.Worksheet;
  }

  // (called by commit(): the styles part, once every cell has been written)
  override addStyles(): Promise<void> {
    const self = this as unknown as WorkbookWriterInternals;
    self.zip.append(quotePrefixText(self.styles.xml), { name: 'xl/styles.xml' });
    return Promise.resolve();
  }

  // The sheets added so far that are not committed yet, in the order they were added.
  uncommitted(): ExcelJS.Worksheet[] {
    const self = this as unknown as WorkbookWriterInternals;
    return self._worksheets.filter((w): w is PlanSheetWriter => w !== undefined && !w.committed) as unknown as ExcelJS.Worksheet[];
  }
}

export interface StreamedWorkbook {
  wb: ExcelJS.Workbook;
  // The sheets added since the last call that are not committed yet (each is committed by the caller).
  uncommitted(): ExcelJS.Worksheet[];
  // Commits what is left and finishes the file; resolves to its bytes.
  finish(): Promise<Uint8Array>;
}

// A workbook written as it is built: shared strings (t="s": Excel never evaluates them) and styles, parts deflated.
export function streamedWorkbook(): StreamedWorkbook {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  // Parts deflated at level 1, not zlib's default 6: measured on the 5,000-control plan, about 150 ms less to write
  // (200 ms less CPU) for a file of 1.17 MB instead of 0.92 MB.
  const options = { stream: sink, useStyles: true, useSharedStrings: true, zip: { zlib: { level: 1 } } };
  const wb = new PlanWorkbookWriter(options as ConstructorParameters<typeof ExcelJS.stream.xlsx.WorkbookWriter>[0]);
  return {
    wb,
    uncommitted: () => wb.uncommitted(),
    finish: async () => {
      await wb.commit();
      return new Uint8Array(Buffer.concat(chunks));
    },
  };
}

export const commitSheet = (ws: ExcelJS.Worksheet): void => (ws as unknown as { commit(): void }).commit();

// A streamed sheet's writeTextRow, or null for a sheet of a whole workbook (which keeps exceljs's rows).
export type TextRowWriter = (cells: readonly { text: string; style: object }[], height: number | undefined) => void;
export function textRowWriter(ws: ExcelJS.Worksheet): TextRowWriter | null {
  return ws instanceof PlanSheetWriter ? (cells, height) => ws.writeTextRow(cells, height) : null;
}
