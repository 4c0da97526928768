/**
 * Y-axis tick labels. The legend's formatters pick digits per value, which
 * can print two ticks alike ("1.1 /s" twice); ticks take the digits their
 * spacing needs instead. Pure, no DOM.
 */

export type TickUnit = 'percent' | 'rate' | 'seconds' | 'burn';

/** Decimals that write the tick spacing exactly: 0.25 -> 2, 0.5 -> 1, 2 -> 0. */
export function decimals(incr: number): number {
  if (!(incr > 0 && Number.isFinite(incr))) return 0;
  for (let d = 0; d < 6; d++) {
    const x = incr * 10 ** d;
    if (Math.abs(x - Math.round(x)) < 1e-6 * Math.max(1, x)) return d;
  }
  return 6;
}

/** A tick label for value `v` on an axis whose ticks are `incr` apart. */
export function tickLabel(unit: TickUnit, v: number, incr: number): string {
  switch (unit) {
    case 'percent':
      return `${(v * 100).toFixed(decimals(incr * 100))} %`;
    case 'rate':
      return `${v.toFixed(decimals(incr))} /s`;
    case 'seconds':
      return incr >= 0.1
        ? `${v.toFixed(decimals(incr))} s`
        : `${(v * 1000).toFixed(decimals(incr * 1000))} ms`;
    case 'burn':
      return `${v.toFixed(decimals(incr))}×`;
  }
}
