import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/explorer.ts';

test('spreads from the URL draw the array-mean and worst-bit curves; the closed form is drawn on request', async ({
  page,
}) => {
  const app = new ExplorerPage(page);
  await app.open('?v=2&V=0.7&pulse=10ns');
  await app.waitIdle();
  const plain = (await app.werPaths()).length;
  await expect(app.text('device.trainingRateNote')).toContainText('array-mean');
  // without spreads the array mean is the nominal bit's WER
  expect(await app.text('result.device.werArrayMean.pToAp').textContent()).toBe(
    await app.text('result.device.wer.pToAp').textContent(),
  );
  await page.getByTestId('device.showClosedForm').check();
  await expect.poll(async () => (await app.werPaths()).length).toBeGreaterThan(plain);
  await app.open('?v=2&V=0.7&pulse=10ns&d.sigma-delta=0.1&d.sigma-diameter=0.05');
  await app.waitIdle();
  await expect(app.text('result.device.werArrayMean.pToAp')).not.toHaveText('—');
  expect(await app.text('result.device.werArrayMean.pToAp').textContent()).not.toBe(
    await app.text('result.device.wer.pToAp').textContent(),
  );
  // four more curves: array mean and worst bit, both directions
  expect((await app.werPaths()).length).toBe(plain + 4);
  expect(app.consoleErrors).toEqual([]);
});
