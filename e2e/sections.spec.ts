import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/explorer.ts';

/**
 * The analytic result is per section (device, array, system): an infeasible device point takes away what
 * depends on it and nothing else. 1.45 V on a cell whose MgO breaks down at 0.5 V: neither the relaxed
 * nor the nominal (0.9 V) write is possible, but the SRAM array has no MTJ at all.
 */
test('an infeasible device point: the array panel still draws its chart, the failing panels give their reason', async ({
  page,
}) => {
  const app = new ExplorerPage(page);
  await app.open('?V=1.45&d.breakdown-voltage=0.5');
  await expect(app.text('result.device.error')).toContainText('MgO breakdown');
  // the array chart draws the SRAM curve; the table keeps the SRAM column
  const drawn = () =>
    app
      .text('chart.array')
      .locator('path.recharts-curve')
      .evaluateAll((ps) => ps.filter((p) => /L/.test(p.getAttribute('d') ?? '')).length);
  await expect.poll(drawn).toBeGreaterThanOrEqual(1);
  await expect(app.text('result.array.areaMm2').locator('td').first()).toContainText('mm²');
  // the MRAM columns cannot be computed: the array panel says why
  await expect(app.text('panel.array').getByTestId('panel.reason')).toContainText('MgO breakdown');
  // the default placement keeps classes in nominal MRAM: no system result, and the reason
  await expect(app.text('result.system.infeasible')).toContainText('MgO breakdown');
  await expect(app.text('result.system.ratio')).toHaveCount(0);

  // every class in SRAM: the system uses no MTJ write, so the comparison is back while the device still fails
  await app.open('?V=1.45&d.breakdown-voltage=0.5&pw=sram&pa=sram&pe=sram&pg=sram');
  await expect(app.text('result.device.error')).toContainText('MgO breakdown');
  await expect(app.text('result.system.infeasible')).toHaveCount(0);
  await expect(app.text('result.system.ratio')).toBeVisible();
  await expect(app.text('verdict.text')).not.toContainText('infeasible');
  await expect.poll(drawn).toBeGreaterThanOrEqual(1);
});
