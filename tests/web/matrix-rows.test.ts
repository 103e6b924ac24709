import { describe, expect, it } from 'vitest';
import { MATRIX_PAGE, shownMatrixRows } from '../../web/src/matrix-rows.ts';

const rows = Array.from({ length: 250 }, (_, i) => ({ user: `User ${i}`, userKey: `email:user${i}@acme.com` }));

describe('shownMatrixRows', () => {
  it('shows the first page of rows in the matrix order, and says how many there are', () => {
    const s = shownMatrixRows(rows, '', MATRIX_PAGE);
    expect(s.rows.map((r) => r.user)).toEqual(rows.slice(0, 100).map((r) => r.user));
    expect([s.matching, s.total]).toEqual([250, 250]);
    expect(shownMatrixRows(rows, '', 2 * MATRIX_PAGE).rows).toHaveLength(200);
    expect(shownMatrixRows(rows, '', 1_000).rows).toHaveLength(250);
  });

  it('finds users by any part of their name or e-mail, ignoring case and surrounding spaces', () => {
    expect(shownMatrixRows(rows, '  user 24', 100).rows.map((r) => r.user)).toEqual(['User 24', 'User 240', 'User 241', 'User 242', 'User 243', 'User 244', 'User 245', 'User 246', 'User 247', 'User 248', 'User 249']);
    const byMail = shownMatrixRows(rows, 'USER7@ACME', 100);
    expect(byMail.rows.map((r) => r.user)).toEqual(['User 7']);
    expect([byMail.matching, byMail.total]).toEqual([1, 250]);
    expect(shownMatrixRows(rows, 'nobody', 100)).toEqual({ rows: [], matching: 0, total: 250 });
  });

  it('limits what a search finds too', () => {
    const s = shownMatrixRows(rows, 'user', 10);
    expect(s.rows).toHaveLength(10);
    expect(s.matching).toBe(250);
  });
});
