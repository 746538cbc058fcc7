import { expect, test, type Download } from '@playwright/test';
import { ExplorerPage } from './pages/explorer.ts';

type Box = { text: string; x: number; y: number; w: number; h: number };

/** Pairs of labels whose boxes intersect (labels touching at an edge do not count). */
function overlaps(boxes: Box[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i]!;
      const b = boxes[j]!;
      if (a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5)
        out.push(`${a.text} / ${b.text}`);
    }
  return out;
}

async function body(d: Download): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of await d.createReadStream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

test('at 1366x768 the verdict and the WER, energy and Pareto charts fill the first screen; the front fills itself with readable ticks', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const app = new ExplorerPage(page, { autoSweep: true });
  const loaded = Date.now();
  await app.open();
  // the verdict, in words, from the analytic result
  await expect(app.text('verdict.text')).toContainText(
    /This MRAM design uses [\d.]+× (less|more) energy per training step than SRAM at equal capacity, mostly from /,
  );
  await expect(app.text('verdict.ratio.capacity')).toContainText(/iso-capacity [\d.]+×/);
  await expect(app.text('verdict.ratio.area')).toContainText(/iso-area [\d.]+×/);
  for (const id of ['verdict.text', 'chart.wer', 'chart.energy', 'chart.pareto']) {
    const b = (await app.text(id).boundingBox())!;
    expect(b, id).not.toBeNull();
    expect(b.y, `${id} top`).toBeGreaterThanOrEqual(0);
    expect(b.y + b.height, `${id} bottom`).toBeLessThanOrEqual(768);
    expect(b.x + b.width, `${id} right`).toBeLessThanOrEqual(1366);
  }
  // no click: the default sweep draws at least 5 points within 30 s of load
  await expect
    .poll(() => app.paretoPoints(), { timeout: Math.max(1000, 30_000 - (Date.now() - loaded)) })
    .toBeGreaterThanOrEqual(5);
  // tick labels of every axis do not overlap one another
  for (const chart of ['chart.pareto', 'chart.wer', 'chart.energy'])
    for (const axis of ['x', 'y'] as const) {
      const boxes = await app.tickBoxes(chart, axis);
      expect(boxes.length, `${chart} ${axis} ticks`).toBeGreaterThanOrEqual(2);
      expect(overlaps(boxes), `${chart} ${axis}`).toEqual([]);
      expect(new Set(boxes.map((b) => b.text)).size, `${chart} ${axis} labels distinct`).toBe(boxes.length);
    }
  // the tooltip names the placement, the write point (V, pulse), the energy and the accuracy
  await app.text('chart.pareto').locator('.recharts-scatter-symbol').first().hover();
  const tip = app.text('pareto.tooltip');
  await expect(tip).toContainText(/relaxed MRAM|nominal MRAM|SRAM/);
  await expect(tip).toContainText(/\d V, [\d.]+ ns/);
  await expect(tip).toContainText(/energy per step: [\d.]+ [mµn]?J/);
  await expect(tip).toContainText(/test accuracy: [\d.]+ %/);
  // front entries are named by their placement
  await expect(app.text('sweep.front-list').locator('li').first()).toContainText(/MRAM|SRAM/);
  await expect(app.text('sweep.front')).toContainText('default sweep, started on load');
  // starting one's own sweep replaces the default one
  await app.text('sweep.voltages').fill('0.7');
  await app.text('sweep.pulses').fill('5ns');
  await app.text('sweep.start').click();
  await expect(app.text('sweep.status')).toContainText(/\/4$/);
  await expect(app.text('sweep.front')).toContainText('your sweep');

  // every chart is framed with PNG and SVG export buttons
  const charts = await page.locator('[data-testid^="chart."]').evaluateAll((els) =>
    els.map((e) => {
      const fig = e.closest('figure');
      const id = fig?.getAttribute('data-testid')?.replace('figure.', '') ?? '';
      return {
        chart: e.getAttribute('data-testid'),
        svg: !!fig?.querySelector(`[data-testid="export.${id}.svg"]`),
        png: !!fig?.querySelector(`[data-testid="export.${id}.png"]`),
      };
    }),
  );
  expect(charts.length).toBeGreaterThanOrEqual(4);
  for (const c of charts) expect(c, String(c.chart)).toEqual({ chart: c.chart, svg: true, png: true });
  // the WER chart's SVG carries its legend with colour keys
  const [d] = await Promise.all([page.waitForEvent('download'), app.text('export.wer.svg').click()]);
  const svg = await body(d);
  expect(svg).toContain('class="export-legend"');
  expect(svg).toMatch(/<rect [^>]*fill="#1f77b4"[^>]*\/><text [^>]*>0\.60 V P→AP<\/text>/);
  expect(svg).toContain('relaxed write');
  expect(app.consoleErrors).toEqual([]);
});

test('value fields accept units, prefixes and spaces; errors sit beside the field; an infeasible point gives every panel its reason', async ({
  page,
}) => {
  const app = new ExplorerPage(page);
  await app.open();
  const v = app.text('control.V.text');
  const voltage = () => page.evaluate(() => window.__explorerApi.state().config.device.voltageV);
  for (const typed of ['0.8V', '800 mV', '0.8']) {
    await v.fill('0.75');
    await v.press('Enter');
    expect(await voltage()).toBe(0.75);
    await v.fill(typed);
    await v.press('Enter');
    expect(await voltage(), typed).toBe(0.8);
    await expect(v).toHaveValue('0.8 V');
  }
  await v.fill('0.8 s');
  await v.press('Enter');
  await expect(app.text('control.V.error')).toHaveText(
    'device.voltageV: "0.8 s" is not accepted (accepted: a number in [100mV, 1.5V]); the previous value 0.8 V was kept',
  );
  expect(await voltage()).toBe(0.8);
  // MTJ parameters in the units people write
  await page.getByTestId('device-params').locator('summary').click();
  await expect(app.text('control.d.ra.text')).toHaveValue('5 Ω·µm²');
  await expect(app.text('control.d.retention-window.text')).toHaveValue('10 yr');
  await expect(app.text('control.d.access-resistance.text')).toHaveValue('1.5 kΩ');
  const t = app.text('control.d.temperature.text');
  await t.fill('350K');
  await t.press('Enter');
  await app.waitIdle();
  expect(await app.query()).toContain('d.temperature=350&');
  await app.text('control.pulse.text').fill('7 ns');
  await app.text('control.pulse.text').press('Enter');
  await app.waitIdle();
  expect(await app.query()).toContain('pulse=7ns');

  // 1.45 V across a cell whose MgO breaks down at 0.5 V: infeasible, and every dependent panel says why
  await app.open('?V=1.45&d.breakdown-voltage=0.5');
  await expect(app.text('verdict.text')).toContainText('infeasible');
  await expect(app.text('verdict.text')).toContainText('MgO breakdown');
  for (const p of ['device', 'array', 'system', 'training', 'pareto']) {
    await expect(app.text(`panel.${p}`).locator('.infeasible').first(), p).toBeVisible();
    await expect(app.text(`panel.${p}`).locator('.infeasible').first(), p).toContainText('MgO breakdown');
  }
  // the controls stay, so the point can be moved back (the nominal 0.9 V write needs a higher limit too)
  await page.getByTestId('device-params').locator('summary').click();
  await app.text('control.d.breakdown-voltage.text').fill('1.5 V');
  await app.text('control.d.breakdown-voltage.text').press('Enter');
  await app.waitIdle();
  await expect(app.text('panel.array').locator('.infeasible')).toHaveCount(0);
  await expect(app.text('verdict.text')).toContainText('than SRAM');
});

test('phone (390x844): one column, nothing wider than the screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  const app = new ExplorerPage(page);
  await app.open();
  await app.werPaths();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  for (const id of [
    'action.copy-link',
    'action.export-config',
    'action.import-config',
    'action.talk',
    'preset.roy2023',
  ]) {
    const b = (await app.text(id).boundingBox())!;
    expect(b.x, id).toBeGreaterThanOrEqual(0);
    expect(b.x + b.width, id).toBeLessThanOrEqual(390);
  }
  const xs = await page.locator('main > .panel').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().x));
  expect(new Set(xs.map((x) => Math.round(x))).size).toBe(1);
  // the reference-study preset loads from the verdict bar
  await app.text('preset.roy2023-hp').click();
  await app.waitIdle();
  expect(await app.query()).toContain('roadmap=hp');
  expect(await app.query()).toContain('df=ws');
  expect(await app.query()).toContain('fmt=bf16');
});
