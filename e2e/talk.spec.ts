import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/explorer.ts';
import { DEFAULT_SCENES } from '../src/schema/scenes.ts';

test('talk mode walks every scene by keyboard, showing only the scene panels and controls', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open('?talk=1');
  await expect(app.text('talk.bar')).toBeVisible();
  for (let i = 0; i < DEFAULT_SCENES.length; i++) {
    const scene = DEFAULT_SCENES[i]!;
    await expect(app.text('talk.title')).toHaveText(scene.title);
    await expect(app.text('talk.position')).toHaveText(`${i + 1} / ${DEFAULT_SCENES.length}`);
    expect(await app.query()).toContain(`scene=${i}`);
    expect(await app.query()).toContain('talk=1');
    // only the scene's panels are shown
    for (const p of ['device', 'array', 'system'] as const) {
      await expect(app.text(`panel.${p}`)).toHaveCount(scene.panels.includes(p) ? 1 : 0);
    }
    // the scene's configuration is applied (e.g. its placement keys)
    const q = new URLSearchParams(scene.query);
    for (const k of ['pw', 'iso', 'net', 'V'] as const)
      if (q.has(k)) expect(await app.query()).toContain(`${k}=${q.get(k)}`);
    // hidden controls: a control not in `show` is not rendered
    if (scene.panels.includes('device') && !scene.show.includes('nomV'))
      await expect(app.control('nomV')).toHaveCount(0);
    if (scene.show.includes('V') && scene.panels.includes('device')) await expect(app.control('V')).toBeVisible();
    await page.keyboard.press('ArrowRight');
  }
  // past the last scene it stays on the last
  await expect(app.text('talk.position')).toHaveText(`${DEFAULT_SCENES.length} / ${DEFAULT_SCENES.length}`);
  await page.keyboard.press('ArrowLeft');
  await expect(app.text('talk.position')).toHaveText(`${DEFAULT_SCENES.length - 1} / ${DEFAULT_SCENES.length}`);
  await page.keyboard.press('Escape');
  await expect(app.text('talk.bar')).toHaveCount(0);
  expect(await app.query()).toContain('talk=0');
});

test('controls can be hidden through the URL, as for teaching', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open('?hide=V,nomV,nomPulse');
  await expect(app.control('V')).toHaveCount(0);
  await expect(app.control('nomV')).toHaveCount(0);
  await expect(app.control('pulse')).toBeVisible();
});

test('once loaded, the app works offline (talks in a lecture hall)', async ({ page, context }) => {
  const app = new ExplorerPage(page);
  await app.open('?talk=1');
  // wait until the service worker controls the page and has precached the app
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((r) => navigator.serviceWorker.addEventListener('controllerchange', r, { once: true }));
    }
  });
  await context.setOffline(true);
  await page.reload();
  await app.waitIdle();
  await expect(app.text('talk.title')).toHaveText(/1\. /);
  await page.keyboard.press('End');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(app.text('talk.position')).toHaveText(/^4 \//);
  expect((await app.werPaths()).length).toBeGreaterThan(3);
  await context.setOffline(false);
});

test('talk scenes fit the screen at 1280x720 and 1920x1080, show their controls, and keys work from a focused slider', async ({
  page,
}) => {
  const app = new ExplorerPage(page);
  for (const [width, height] of [
    [1280, 720],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await app.open('?talk=1');
    for (let i = 0; i < DEFAULT_SCENES.length; i++) {
      const scene = DEFAULT_SCENES[i]!;
      await expect(app.text('talk.position')).toHaveText(`${i + 1} / ${DEFAULT_SCENES.length}`);
      await app.waitIdle();
      const fit = await page.evaluate(() => ({
        page: document.documentElement.scrollHeight,
        view: window.innerHeight,
        // nothing clipped inside a panel either
        clipped: [...document.querySelectorAll('main .panel')].filter((p) => p.scrollHeight > p.clientHeight + 1)
          .length,
      }));
      expect(fit.page, `scene ${i + 1} at ${width}x${height}`).toBeLessThanOrEqual(fit.view);
      expect(fit.clipped, `scene ${i + 1} at ${width}x${height}`).toBe(0);
      // the controls the scene leaves visible are on screen, in its panels
      for (const k of scene.show)
        await expect(
          page.locator(`[data-testid="control.${k}"], [data-testid="control.${k}.text"]`).first(),
          `${k}`,
        ).toBeVisible();
      // its charts are large: at least 40 % of the screen height
      const charts = await page
        .locator('main .chart')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
      if (scene.panels.some((p) => ['device', 'system', 'pareto', 'array'].includes(p)))
        expect(Math.max(...charts), `scene ${i + 1} chart height`).toBeGreaterThanOrEqual(0.4 * height);
      await page.keyboard.press('PageDown');
    }
  }
  // Space advances while a slider has focus; Esc leaves from there too
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(app.text('talk.position')).toHaveText(`4 / ${DEFAULT_SCENES.length}`);
  await app.control('V').focus();
  await page.keyboard.press('Space');
  await expect(app.text('talk.position')).toHaveText(`5 / ${DEFAULT_SCENES.length}`);
  await page.keyboard.press('ArrowLeft');
  await expect(app.text('talk.position')).toHaveText(`4 / ${DEFAULT_SCENES.length}`);
  await app.control('V').focus();
  await page.keyboard.press('ArrowRight');
  await expect(app.text('talk.position')).toHaveText(`5 / ${DEFAULT_SCENES.length}`);
  await page.keyboard.press('ArrowLeft');
  await app.control('V').focus();
  await page.keyboard.press('Escape');
  await expect(app.text('talk.bar')).toHaveCount(0);
});
