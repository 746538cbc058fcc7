import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/explorer.ts';

test('the system panel explains its ratio: a ladder of cited rungs, a verdict against 15-22x, a tornado chart', async ({
  page,
}) => {
  const app = new ExplorerPage(page);
  await app.open();
  await expect(app.text('result.system.bound')).toContainText('bound by');
  await app.text('action.why-ratio').click();
  await expect(app.text('result.why-ratio')).toBeVisible({ timeout: 30_000 });
  const rows = app.text('result.why-ratio').locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(2);
  await expect(app.text('result.why-ratio.verdict')).toContainText('15-22x');
  expect(await app.text('chart.tornado').locator('rect').count()).toBeGreaterThan(5);
  // A new control reaches the URL and the model: one bank makes the MRAM step memory-bound.
  await app.text('control.banks').selectOption('1');
  await app.waitIdle();
  expect(await app.query()).toContain('banks=1');
  await expect(app.text('result.system.bound')).toContainText('bound by memory:');
  expect(app.consoleErrors).toEqual([]);
});

test('one access transistor: its width (auto = sized for the nominal write) shows in the array cell and the system', async ({
  page,
}) => {
  const app = new ExplorerPage(page);
  await app.open();
  // auto: the system says the width it sized and the cell it gives; the array table shows the same cell
  await expect(app.text('result.system.access')).toContainText('sized for the nominal write');
  const sized = (await app.text('result.system.access').textContent())!;
  const width = /([\d.]+) F wide/.exec(sized)![1]!;
  await expect(app.text('result.array.cell')).toContainText(`${width} F access`);
  // NVSim's sample cell: (8 + 2) F x 5.4 F = 54 F^2, typed in the field, reaches the URL and both panels
  const input = app.text('control.accW.text');
  await input.fill('8');
  await input.press('Enter');
  await app.waitIdle();
  expect(await app.query()).toContain('accW=8');
  await expect(app.text('result.array.cell')).toContainText('54 F², 8 F access');
  await expect(app.text('result.system.access')).toContainText('8 F wide: MRAM cell 54 F²');
  // the device sees the same transistor: 1.73 x 0.5 V / (716.1 A/m x 8 x 22 nm) = 6.86 kOhm (docs/models.md)
  await expect(app.text('result.device.access')).toHaveText(/6\.86\s?kΩ/);
  // out of range: refused beside the field with the accepted range, the value kept
  await input.fill('0.5');
  await input.press('Enter');
  await expect(app.text('control.accW.error')).toContainText('auto or a number in [1 F, 100 F]');
  expect(await app.query()).toContain('accW=8');
  await input.fill('auto');
  await input.press('Enter');
  await app.waitIdle();
  expect(await app.query()).toContain('accW=auto');
  expect(app.consoleErrors).toEqual([]);
});
