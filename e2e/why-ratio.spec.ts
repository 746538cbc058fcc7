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
