import { suppressDerived, suppressTable, type CountTable, type SuppressedTable } from './report-suppression';

/** Every additive line of the result has 0 or at least 2 hidden entries, and no shown total lets one be computed. */
function expectNoHiddenRecoverable(t: CountTable, s: SuppressedTable): void {
  const lines: (number | null)[][] = [];
  t.columnTotals.forEach((_, c) => lines.push([...s.cells.map((row) => row[c]!), s.columnTotals[c]!]));
  if (s.rowTotals) {
    s.cells.forEach((row, r) => lines.push([...row, s.rowTotals![r]!]));
    lines.push([...s.columnTotals, s.grandTotal!]);
    lines.push([...s.rowTotals, s.grandTotal!]);
  }
  for (const line of lines) expect(line.filter((v) => v === null).length).not.toBe(1);
}

describe('suppressTable', () => {
  it('should hide a small cell and the next smallest of its column, keeping the total', () => {
    const t: CountTable = { cells: [[3], [40], [12]], columnTotals: [55] };
    const s = suppressTable(t, 5);
    expect(s.cells).toEqual([[null], [40], [null]]);
    expect(s.columnTotals).toEqual([55]);
    expect([s.primary, s.complementary]).toEqual([1, 1]);
    expectNoHiddenRecoverable(t, s);
  });

  it('should leave zeros and counts at the threshold visible', () => {
    const s = suppressTable({ cells: [[0], [5], [7]], columnTotals: [12] }, 5);
    expect(s.cells).toEqual([[0], [5], [7]]);
    expect(s.primary + s.complementary).toBe(0);
  });

  it('should hide the total when every other cell of the line is zero', () => {
    // 2 people in one category and nobody elsewhere: the total would give the 2 away.
    const t: CountTable = { cells: [[2], [0], [0]], columnTotals: [2] };
    const s = suppressTable(t, 5);
    expect(s.cells[0]).toEqual([null]);
    expect(s.columnTotals).toEqual([null]);
    expectNoHiddenRecoverable(t, s);
  });

  it('should protect a two-way table through its rows, columns and margins', () => {
    // sex x age group: one small cell forces a complement in its row and its column, which may cascade.
    const t: CountTable = {
      cells: [
        [2, 30, 40],
        [10, 25, 35],
      ],
      columnTotals: [12, 55, 75],
      rowTotals: [72, 70],
      grandTotal: 142,
    };
    const s = suppressTable(t, 5);
    expect(s.cells[0][0]).toBeNull();
    expect(s.grandTotal).toBe(142);
    expectNoHiddenRecoverable(t, s);
    // The complement is the smallest candidate: 10 in the column, 30 in the row.
    expect(s.cells[1][0]).toBeNull();
    expect(s.cells[0][1]).toBeNull();
  });

  it('should cascade when a margin is small', () => {
    const t: CountTable = {
      cells: [
        [1, 2],
        [20, 30],
      ],
      columnTotals: [21, 32],
      rowTotals: [3, 50],
      grandTotal: 53,
    };
    const s = suppressTable(t, 5);
    expect(s.rowTotals![0]).toBeNull();
    expectNoHiddenRecoverable(t, s);
  });

  it('should treat several measures of one breakdown as separate columns (no sum across them)', () => {
    const t: CountTable = {
      cells: [
        [50, 4],
        [60, 30],
        [7, 7],
      ],
      columnTotals: [117, 41],
    };
    const s = suppressTable(t, 5);
    expect(s.cells.map((r) => r[0])).toEqual([50, 60, 7]);
    expect(s.cells.map((r) => r[1])).toEqual([null, 30, null]);
    expectNoHiddenRecoverable(t, s);
  });

  it('should suppress nothing with a threshold of 1', () => {
    const s = suppressTable({ cells: [[1], [2]], columnTotals: [3] }, 1);
    expect(s.cells).toEqual([[1], [2]]);
  });

  it('should keep every line safe on random tables', () => {
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let k = 0; k < 200; k += 1) {
      const rows = 1 + rnd(5);
      const cols = 1 + rnd(4);
      const cells = Array.from({ length: rows }, () =>
        Array.from({ length: cols }, () => (rnd(3) === 0 ? rnd(6) : rnd(40))),
      );
      const columnTotals = Array.from({ length: cols }, (_, c) => cells.reduce((s, r) => s + r[c], 0));
      const rowTotals = cells.map((r) => r.reduce((s, v) => s + v, 0));
      const t: CountTable = { cells, columnTotals, rowTotals, grandTotal: rowTotals.reduce((s, v) => s + v, 0) };
      const s = suppressTable(t, 5);
      expectNoHiddenRecoverable(t, s);
      // Nothing under the threshold is ever shown.
      s.cells.flat().forEach((v) => expect(v === null || v === 0 || v >= 5).toBe(true));
    }
  });
});

describe('suppressDerived', () => {
  it('should hide a value based on fewer people than the threshold', () => {
    expect(suppressDerived(0.62, 3)).toBeNull();
    expect(suppressDerived(0.62, 5)).toBe(0.62);
  });
});
