/**
 * Axis ticks a reader can use: a few round values, on a log scale where the data span a decade or more,
 * else on a linear scale with steps of 1, 2 or 5 × 10^k. Pure (unit-tested).
 */
export interface AxisTicks {
  scale: 'log' | 'linear';
  domain: [number, number];
  ticks: number[];
}

const STEPS = [1, 2, 2.5, 5, 10];

/** Round a float to the decimal it stands for (0.30000000000000004 -> 0.3). */
const clean = (v: number) => Number(v.toPrecision(12));

/** Linear ticks: at most `maxTicks` multiples of a 1/2/2.5/5 × 10^k step covering [lo, hi]. */
export function linearTicks(lo: number, hi: number, maxTicks = 5): AxisTicks {
  if (!(hi > lo)) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    return linearTicks(lo - pad, hi + pad, maxTicks);
  }
  const raw = (hi - lo) / Math.max(1, maxTicks - 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  let step = mag * 10;
  for (const s of STEPS) {
    const st = s * mag;
    if (Math.ceil(hi / st - 1e-9) - Math.floor(lo / st + 1e-9) + 1 <= maxTicks) {
      step = st;
      break;
    }
  }
  const a = Math.floor(lo / step + 1e-9);
  const b = Math.ceil(hi / step - 1e-9);
  const ticks: number[] = [];
  for (let k = a; k <= b; k++) ticks.push(clean(k * step));
  return { scale: 'linear', domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
}

/**
 * Ticks for positive data in [lo, hi]: log (decades, thinned to at most `maxTicks`) when hi/lo >= 10,
 * else linear.
 */
export function niceTicks(lo: number, hi: number, maxTicks = 5): AxisTicks {
  if (!(lo > 0) || !Number.isFinite(hi) || hi / lo < 10) return linearTicks(lo, hi, maxTicks);
  const a = Math.floor(Math.log10(lo) + 1e-9);
  const b = Math.ceil(Math.log10(hi) - 1e-9);
  const every = Math.ceil((b - a + 1) / maxTicks);
  const ticks: number[] = [];
  for (let k = a; k <= b; k += every) ticks.push(clean(10 ** k));
  const top = clean(10 ** b);
  if (ticks[ticks.length - 1] !== top) ticks.push(clean(10 ** (a + every * ticks.length)));
  return { scale: 'log', domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks };
}

/** The fewest significant digits (2..6) that keep every tick label distinct. */
export function distinctLabels(ticks: number[], format: (v: number, digits: number) => string): string[] {
  for (let d = 2; d <= 6; d++) {
    const labels = ticks.map((t) => format(t, d));
    if (new Set(labels).size === labels.length) return labels;
  }
  return ticks.map((t) => format(t, 6));
}
