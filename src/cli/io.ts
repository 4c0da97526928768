/**
 * Console output for the CLI, the one place that writes to the terminal.
 * Colour only on a TTY and without NO_COLOR (no-color.org).
 */

export interface Output {
  out(line: string): void;
  err(line: string): void;
  color: boolean;
}

export function consoleOutput(): Output {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}

const CODES = { red: 31, green: 32, yellow: 33, dim: 2, bold: 1 } as const;

export function paint(o: Output, color: keyof typeof CODES, text: string): string {
  return o.color ? `\u001b[${CODES[color]}m${text}\u001b[0m` : text;
}
