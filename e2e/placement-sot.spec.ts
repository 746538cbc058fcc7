import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/explorer.ts';

test('SOT-MRAM: placement from a link and from the editor, its array column and its WER curves', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open('?v=2&pw=sot&pa=relaxed');
  // the placement editor lists the registry's placements, and a v=2 link with `sot` loads
  await expect(app.control('pw')).toHaveValue('sot');
  await expect(app.control('pa')).toHaveValue('relaxed');
  await expect(app.control('pe').locator('option')).toHaveText([
    'SRAM',
    'STT-MRAM, nominal',
    'STT-MRAM, relaxed',
    'SOT-MRAM',
  ]);
  await app.control('pe').selectOption('sot');
  await app.waitIdle();
  expect(await app.query()).toContain('pe=sot');
  // the array panel has a SOT-MRAM column with numbers
  await expect(app.text('result.array').locator('th', { hasText: 'SOT-MRAM' })).toBeVisible();
  await expect(app.text('result.array.areaMm2').locator('td').nth(3)).toContainText('mm²');
  // the device panel draws SOT-MRAM's WER versus pulse on request: three drive voltages
  const plain = (await app.werPaths()).length;
  await app.text('device.showSot').check();
  await expect(app.text('result.device.sot')).toContainText('SOT-MRAM at 1.25 V');
  await expect.poll(async () => (await app.werPaths()).length).toBe(plain + 3);
  expect(app.consoleErrors).toEqual([]);
});
