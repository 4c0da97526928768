/**
 * Markdown tables laid out the way the repository's formatter (Biome) prints them: every cell padded to
 * its column's width, right-aligned columns padded on the left. Reports written by the benches then pass
 * `npm run lint` as written, and re-running a bench does not leave a formatting diff behind.
 */

/** How a column's cells line up: `left` (text) or `right` (figures). */
export type Align = 'left' | 'right';

export interface Column {
  title: string;
  align: Align;
}

// Biome measures cells in characters; the reports only hold characters one column wide (digits, '–', '∞').
const width = (s: string): number => [...s].length;

function pad(s: string, w: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return align === 'right' ? fill + s : s + fill;
}

/** The lines of a Markdown table with the given columns and rows (each row one string per column). */
export function markdownTable(columns: Column[], rows: string[][]): string[] {
  const widths = columns.map((c, i) => Math.max(3, width(c.title), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]): string =>
    `| ${columns.map((c, i) => pad(cells[i] ?? '', widths[i] ?? 3, c.align)).join(' | ')} |`;
  const rule = columns.map((c, i) => {
    const w = widths[i] ?? 3;
    return c.align === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w);
  });
  return [line(columns.map((c) => c.title)), `| ${rule.join(' | ')} |`, ...rows.map(line)];
}
