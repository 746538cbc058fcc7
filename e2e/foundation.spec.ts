import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/explorer.ts';

test('the page loads on its defaults with no console error and draws the WER chart', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open();
  const paths = await app.werPaths();
  expect(paths.length).toBeGreaterThan(3);
  expect(paths.every((d) => d.length > 50)).toBe(true);
  await expect(app.text('result.device.wer.pToAp')).not.toHaveText('—');
  expect(await app.query()).toContain('v=3');
  expect(await app.query()).toContain('seed=1');
  expect(app.consoleErrors).toEqual([]);
});

test('moving a slider changes the URL and the chart; reloading restores the same numbers', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open();
  const before = await app.werPaths();
  const numbersBefore = await app.deviceNumbers();
  await app.setSlider('V', 0.75);
  expect(await app.query()).toContain('V=0.75');
  const after = await app.werPaths();
  expect(after).not.toEqual(before);
  const numbers = await app.deviceNumbers();
  expect(numbers['result.device.wer.pToAp']).not.toBe(numbersBefore['result.device.wer.pToAp']);
  const value = await app.analyticValue();

  const url = page.url();
  const again = new ExplorerPage(await page.context().newPage());
  await again.page.goto(url);
  await again.waitIdle();
  expect(await again.page.evaluate(() => window.__explorerApi.state().config.device.voltageV)).toBe(0.75);
  expect(await again.deviceNumbers()).toEqual(numbers);
  expect((await again.werPaths()).sort()).toEqual([...after].sort());
  const v2 = (await again.analyticValue()) as { result: { elapsedMs?: number } };
  const v1 = value as { result: { elapsedMs?: number } };
  delete v1.result.elapsedMs;
  delete v2.result.elapsedMs;
  expect(v2).toEqual(v1);
});

test('a malformed URL shows the named-field banner and a working page', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open('?v=2&V=9&pulse=abc&cap=3MiB&nonsense=1&seed=7');
  const banner = app.text('banner.issues');
  await expect(banner).toBeVisible();
  await expect(app.text('banner.issue.device.voltageV')).toContainText(
    'device.voltageV: "9" is not accepted (accepted: a number in [100mV, 1.5V])',
  );
  await expect(app.text('banner.issue.device.pulseWidthS')).toContainText('"abc"');
  await expect(app.text('banner.issue.array.capacityBytes')).toContainText('power of two');
  await expect(app.text('banner.issue.nonsense')).toContainText('unknown key');
  // the rest of the configuration is intact and the page works
  expect(await page.evaluate(() => window.__explorerApi.state().config.seed)).toBe(7);
  expect((await app.werPaths()).length).toBeGreaterThan(3);
  await app.setSlider('V', 0.65);
  expect(await app.query()).toContain('V=0.65');
});

test('a value typed out of range in a control is refused beside the field; the previous value is kept', async ({
  page,
}) => {
  const app = new ExplorerPage(page);
  await app.open();
  const input = app.text('control.pulse.text');
  await input.fill('-3ns');
  await input.press('Enter');
  await expect(app.text('control.pulse.error')).toContainText(
    'device.pulseWidthS: "-3ns" is not accepted (accepted: a number in [100ps, 1µs]); the previous value 5 ns was kept',
  );
  expect(await app.query()).toContain('pulse=5ns');
  await input.fill('12ns');
  await input.press('Enter');
  await app.waitIdle();
  expect(await app.query()).toContain('pulse=12ns');
  await expect(app.text('control.pulse.error')).toHaveCount(0);
  await expect(app.text('banner.issues')).toHaveCount(0);
});

test('a crashed model worker is replaced and the job re-issued; a second failure shows a notice', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open();
  const started = await page.evaluate(() => window.__explorerApi.modelWorkersStarted());
  await page.evaluate(() => window.__explorerApi.crashModelWorker(1));
  await app.setSlider('V', 0.8);
  expect(await page.evaluate(() => window.__explorerApi.state().analytic.status)).toBe('done');
  expect(await page.evaluate(() => window.__explorerApi.modelWorkersStarted())).toBe(started + 1);
  await expect(app.text('banner.notice')).toHaveCount(0);

  await page.evaluate(() => window.__explorerApi.crashModelWorker(2));
  await app.setSlider('V', 0.85);
  await expect(app.text('banner.notice')).toContainText('failed twice');
  // and the next job works again on a fresh worker
  await app.setSlider('V', 0.9);
  expect(await page.evaluate(() => window.__explorerApi.state().analytic.status)).toBe('done');
  app.consoleErrors.length = 0; // the deliberate crashes log errors
});

test('"Copy link" copies a link that reproduces the same numbers in a new page', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const app = new ExplorerPage(page);
  await app.open('?seed=5&net=vgg16&df=ws');
  await app.setSlider('V', 0.82);
  await app.text('action.copy-link').click();
  await expect(app.text('action.copy-link')).toHaveText('Link copied');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toContain('V=0.82');
  expect(link).toContain('net=vgg16');
  const numbers = await app.deviceNumbers();
  const system = await page.getByTestId('result.system.ratio').textContent();
  const other = new ExplorerPage(await context.newPage());
  await other.page.goto(link);
  await other.waitIdle();
  expect(await other.deviceNumbers()).toEqual(numbers);
  await expect(other.page.getByTestId('result.system.ratio')).toHaveText(system!);
});
