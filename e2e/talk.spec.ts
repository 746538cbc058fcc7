import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/explorer.ts';
import { DEFAULT_SCENES } from '../src/config/scenes.ts';

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
