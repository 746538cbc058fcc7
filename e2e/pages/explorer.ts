/** Page object for the explorer. */
import { expect, type Locator, type Page } from '@playwright/test';

export class ExplorerPage {
  readonly page: Page;
  readonly consoleErrors: string[] = [];

  /**
   * The default background sweep (started on first load) is off unless asked for: it trains 36 small
   * networks, which the tests of other features do not need on a 2-core machine.
   */
  constructor(page: Page, opts: { autoSweep?: boolean } = {}) {
    this.page = page;
    if (!opts.autoSweep) void page.addInitScript(() => (window.__explorerAutoSweep = false));
    page.on('console', (m) => {
      if (m.type() === 'error') this.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => this.consoleErrors.push(String(e)));
  }

  async open(query = ''): Promise<void> {
    await this.page.goto('/' + query);
    await this.waitIdle();
  }

  /** Waits until the analytic job of the current configuration has answered. */
  async waitIdle(): Promise<void> {
    await this.page.waitForFunction(() => {
      const api = window.__explorerApi;
      return !!api && api.state().analytic.status !== 'running' && api.state().analytic.status !== 'idle';
    });
  }

  control(key: string): Locator {
    return this.page.getByTestId(`control.${key}`);
  }

  text(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  async setSlider(key: string, value: number): Promise<void> {
    const before = await this.jobId();
    await this.control(key).fill(String(value));
    await this.page.waitForFunction((b) => window.__explorerApi.state().analytic.jobId > b, before);
    await this.waitIdle();
    await this.waitUrl();
  }

  async jobId(): Promise<number> {
    return this.page.evaluate(() => window.__explorerApi.state().analytic.jobId);
  }

  /** The address bar's query, once it has caught up with the configuration (it is written ~150 ms after a change). */
  async query(): Promise<string> {
    await this.waitUrl();
    return new URL(this.page.url()).search;
  }

  async waitUrl(): Promise<void> {
    await this.page.waitForFunction(() => window.location.search === '?' + window.__explorerApi.query());
  }

  /** The d attributes of every drawn WER curve: a fingerprint of the chart. */
  async werPaths(): Promise<string[]> {
    const chart = this.page.getByTestId('chart.wer');
    // A curve that stays at WER = 1 (a sub-critical voltage) is a flat line of zero height, which Playwright
    // counts as hidden: wait for the curves to carry their data rather than for the first to have area.
    await expect(chart.locator('path.recharts-curve').first()).toHaveAttribute('d', /L/);
    return chart.locator('path.recharts-curve').evaluateAll((ps) => ps.map((p) => p.getAttribute('d') ?? ''));
  }

  async deviceNumbers(): Promise<Record<string, string>> {
    const ids = [
      'result.device.wer.pToAp',
      'result.device.wer.apToP',
      'result.device.energy.pToAp',
      'result.device.energy.average',
    ];
    const out: Record<string, string> = {};
    for (const id of ids) out[id] = (await this.text(id).textContent()) ?? '';
    return out;
  }

  /** Bounding boxes of the visible tick labels of one axis of a chart. */
  async tickBoxes(
    chartTestId: string,
    axis: 'x' | 'y',
  ): Promise<{ text: string; x: number; y: number; w: number; h: number }[]> {
    return this.page
      .getByTestId(chartTestId)
      .locator(`.recharts-${axis}Axis-tick-labels .recharts-cartesian-axis-tick-value`)
      .evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { text: e.textContent ?? '', x: r.x, y: r.y, w: r.width, h: r.height };
        }),
      );
  }

  /** Number of drawn points of the Pareto chart's design-point series. */
  async paretoPoints(): Promise<number> {
    return this.page
      .getByTestId('chart.pareto')
      .locator('.recharts-scatter')
      .first()
      .locator('.recharts-scatter-symbol')
      .count();
  }

  async analyticValue(): Promise<unknown> {
    return this.page.evaluate(() => {
      const v = window.__explorerApi.state().analytic.value;
      return JSON.parse(JSON.stringify(v, (_k, x) => (ArrayBuffer.isView(x) ? Array.from(x as Float64Array) : x)));
    });
  }
}
