// An HR roster: one row per employee, with a termination date for leavers (the leavers check of Access SoD). Read
// with the listing reader's header and user matching (access-listing.ts), so a roster and a listing name people the
// same way; its own file because it is its own input.
import { cellAt } from './find-tables.ts';
import type { Grid } from '../domain/grid.ts';
import type { ListingIssue, RosterEntry } from '../domain/access-types.ts';
import { cellDate, dateInText } from '../domain/date-text.ts';
import {
  hasUser,
  issue,
  readHeader,
  rowIsBlank,
  SCAN_ROWS,
  userOf,
  type Header,
  type SheetContext,
} from './access-listing.ts';

export interface ParsedRoster {
  entries: RosterEntry[];
  issues: ListingIssue[];
}

// An HR roster: one row per employee, with a termination date for leavers. The first sheet naming a termination
// date column is read; a date that cannot be read is an issue, never a guess.
export function parseRoster(grid: Grid): ParsedRoster {
  const out: ParsedRoster = { entries: [], issues: [] };
  for (const sheet of grid.sheets) {
    let header: Header | null = null;
    for (let r = 1; r <= Math.min(sheet.rows.length, SCAN_ROWS) && !header; r++) {
      const h = readHeader(sheet, r);
      if (hasUser(h) && h.fields.has('termination')) header = h;
    }
    if (!header) continue;
    const ctx: SheetContext = { grid, sheet, header, options: {}, issues: out.issues };
    const col = header.fields.get('termination');
    for (let r = header.row + 1; r <= sheet.rows.length; r++) {
      if (rowIsBlank(sheet, r, header.width)) continue;
      const user = userOf(ctx, r);
      if (!user) {
        issue(
          ctx,
          'no-user',
          'warning',
          sheet.name,
          r,
          null,
          `${sheet.name} row ${r}: no employee id, e-mail or name; the row was not read.`,
        );
        continue;
      }
      const cell = col === undefined ? undefined : cellAt(sheet, r, col);
      const written = cell?.text.trim() ?? '';
      const terminationDate = cellDate(cell) ?? (written ? dateInText(written) : null);
      if (written && !terminationDate)
        issue(
          ctx,
          'termination-date-unreadable',
          'warning',
          sheet.name,
          r,
          col ?? null,
          `${sheet.name} row ${r}: termination date "${written}" is not a date (use YYYY-MM-DD); the employee is treated as not terminated.`,
        );
      out.entries.push({
        id: user.id,
        email: user.email,
        name: user.name,
        terminationDate,
        source: { file: grid.file, sheet: sheet.name, row: r },
      });
    }
    return out;
  }
  out.issues.push({
    file: grid.file,
    code: 'roster-no-termination-column',
    severity: 'error',
    sheet: null,
    row: null,
    column: null,
    message: `${grid.file}: no sheet has a name or e-mail column and a termination date column; it is not an HR roster.`,
  });
  return out;
}
