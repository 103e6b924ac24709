// Which rows of the Access SoD conflict matrix to show: the users whose name (or key: the e-mail) contains the search
// text, at most `limit` of them, in the matrix's own order (most severe first). A listing set of 20,000 users puts
// tens of thousands of rows in the matrix; the page shows a page of them and a way to find anyone.
export interface MatrixRowLike {
  user: string;
  userKey: string;
}

export interface ShownRows<T> {
  rows: T[];
  matching: number; // rows the search finds (all of them without one)
  total: number;
}

export const MATRIX_PAGE = 100;

export function shownMatrixRows<T extends MatrixRowLike>(rows: readonly T[], search: string, limit: number): ShownRows<T> {
  const q = search.trim().toLowerCase();
  const found = q === '' ? rows : rows.filter((r) => r.user.toLowerCase().includes(q) || r.userKey.toLowerCase().includes(q));
  return { rows: found.slice(0, Math.max(0, limit)), matching: found.length, total: rows.length };
}
