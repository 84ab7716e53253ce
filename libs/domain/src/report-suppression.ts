/**
 * Small-cell suppression for the aggregate reports (AVRR.md §12: cells with fewer than 5 people are suppressed or
 * merged). Pure.
 *
 * A table is a grid of counts with its margins: each column's total (the rows of a breakdown add up to it) and,
 * when the columns add up too, each row's total and the grand total. Primary suppression hides every count in
 * 1..threshold-1 (a zero reveals nobody and stays). Complementary suppression then makes sure no hidden count can be
 * recovered by subtraction: in every additive line (a column with its total, a row with its total, the row of column
 * totals with the grand total) the number of hidden entries is 0 or at least 2. When a line has exactly one, the
 * smallest other non-zero entry of that line is hidden too (the least information lost), preferring inner cells to
 * the margin; this repeats until every line is safe, since hiding a cell can break another line.
 */

export interface CountTable {
  /** cells[row][column]. */
  cells: number[][];
  /** Per column: the sum of that column over the rows (always given: a breakdown adds up to its total). */
  columnTotals: number[];
  /** Per row: the sum of the row over the columns, when the columns are additive (e.g. sex x age group). */
  rowTotals?: number[];
  /** With rowTotals: the sum of everything. */
  grandTotal?: number;
}

export interface SuppressedTable {
  cells: (number | null)[][];
  columnTotals: (number | null)[];
  rowTotals?: (number | null)[];
  grandTotal?: number | null;
  /** How many entries were hidden: under the threshold, then to protect them. */
  primary: number;
  complementary: number;
}

export const DEFAULT_SMALL_CELL_THRESHOLD = 5;

type Ref =
  { kind: 'cell'; r: number; c: number } | { kind: 'col'; c: number } | { kind: 'row'; r: number } | { kind: 'grand' };

/** Suppresses a table; `threshold` 0 or 1 suppresses nothing. */
export function suppressTable(table: CountTable, threshold: number = DEFAULT_SMALL_CELL_THRESHOLD): SuppressedTable {
  const rows = table.cells.length;
  const cols = table.columnTotals.length;
  const value = (x: Ref): number =>
    x.kind === 'cell'
      ? (table.cells[x.r]?.[x.c] ?? 0)
      : x.kind === 'col'
        ? (table.columnTotals[x.c] ?? 0)
        : x.kind === 'row'
          ? (table.rowTotals?.[x.r] ?? 0)
          : (table.grandTotal ?? 0);
  const key = (x: Ref): string =>
    x.kind === 'cell' ? `c${x.r}.${x.c}` : x.kind === 'col' ? `t${x.c}` : x.kind === 'row' ? `r${x.r}` : 'g';
  const hidden = new Set<string>();
  const all: Ref[] = [];
  for (let r = 0; r < rows; r += 1) for (let c = 0; c < cols; c += 1) all.push({ kind: 'cell', r, c });
  for (let c = 0; c < cols; c += 1) all.push({ kind: 'col', c });
  if (table.rowTotals) {
    for (let r = 0; r < rows; r += 1) all.push({ kind: 'row', r });
    all.push({ kind: 'grand' });
  }
  for (const x of all) {
    const v = value(x);
    if (v > 0 && v < threshold) hidden.add(key(x));
  }
  const primary = hidden.size;

  // Each additive line: its inner entries, then its margin (the margin is the last resort for a complement).
  const lines: Ref[][] = [];
  for (let c = 0; c < cols; c += 1) {
    const line: Ref[] = [];
    for (let r = 0; r < rows; r += 1) line.push({ kind: 'cell', r, c });
    line.push({ kind: 'col', c });
    lines.push(line);
  }
  if (table.rowTotals) {
    for (let r = 0; r < rows; r += 1) {
      const line: Ref[] = [];
      for (let c = 0; c < cols; c += 1) line.push({ kind: 'cell', r, c });
      line.push({ kind: 'row', r });
      lines.push(line);
    }
    const margins: Ref[] = [];
    for (let c = 0; c < cols; c += 1) margins.push({ kind: 'col', c });
    margins.push({ kind: 'grand' });
    lines.push(margins);
    const rowMargins: Ref[] = [];
    for (let r = 0; r < rows; r += 1) rowMargins.push({ kind: 'row', r });
    rowMargins.push({ kind: 'grand' });
    lines.push(rowMargins);
  }

  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const hiddenInLine = line.filter((x) => hidden.has(key(x))).length;
      if (hiddenInLine !== 1) continue;
      const margin = line[line.length - 1];
      const candidates = line
        .slice(0, -1)
        .filter((x) => !hidden.has(key(x)) && value(x) > 0)
        .sort((a, b) => value(a) - value(b));
      // No non-zero inner entry left: the margin is the only complement (hiding it hides the line's sum).
      const pick = candidates[0] ?? (hidden.has(key(margin)) ? undefined : margin);
      if (!pick) continue;
      hidden.add(key(pick));
      changed = true;
    }
  }

  const show = (x: Ref): number | null => (hidden.has(key(x)) ? null : value(x));
  return {
    cells: table.cells.map((row, r) => row.map((_, c) => show({ kind: 'cell', r, c }))),
    columnTotals: table.columnTotals.map((_, c) => show({ kind: 'col', c })),
    ...(table.rowTotals
      ? { rowTotals: table.rowTotals.map((_, r) => show({ kind: 'row', r })), grandTotal: show({ kind: 'grand' }) }
      : {}),
    primary,
    complementary: hidden.size - primary,
  };
}

/** A value derived from a count of people (a mean, a median, an amount): shown only when the count reaches the threshold. */
export function suppressDerived<T>(
  value: T,
  basedOn: number,
  threshold: number = DEFAULT_SMALL_CELL_THRESHOLD,
): T | null {
  return basedOn > 0 && basedOn < threshold ? null : value;
}
