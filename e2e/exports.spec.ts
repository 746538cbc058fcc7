import { expect, test, type Download } from '@playwright/test';
import { ExplorerPage } from './pages/explorer.ts';

async function body(d: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await d.createReadStream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function download(app: ExplorerPage, testId: string): Promise<Download> {
  const [d] = await Promise.all([app.page.waitForEvent('download'), app.text(testId).click()]);
  return d;
}

test('charts export as SVG and PNG', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open();
  await app.werPaths();
  // the WER chart sits in the device panel; its frame is the first "figure" with export buttons there
  const svgName = 'export.energy-breakdown.svg';
  const svg = await download(app, svgName);
  expect(svg.suggestedFilename()).toBe('energy-breakdown.svg');
  const text = (await body(svg)).toString('utf8');
  expect(text.startsWith('<svg')).toBe(true);
  expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
  expect(text).toContain('recharts-bar-rectangle');
  const png = await body(await download(app, 'export.array-metric.png'));
  // PNG signature: 89 50 4E 47 0D 0A 1A 0A
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(png.length).toBeGreaterThan(2000);
});

test('the configuration exports as JSON and imports back, with named-field errors for bad fields', async ({
  page,
}, info) => {
  const app = new ExplorerPage(page);
  await app.open('?rows=48&seed=11&V=0.66');
  const json = JSON.parse((await body(await download(app, 'action.export-config'))).toString('utf8'));
  expect(json.v).toBe(3);
  expect(json.seed).toBe(11);
  expect(json.accelerator.rows).toBe(48);
  expect(json.device.voltageV).toBe(0.66);
  // import an edited copy with one bad field
  json.accelerator.rows = 64;
  json.accelerator.cols = -5;
  const path = info.outputPath('edited.json');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(path, JSON.stringify(json));
  await app.text('action.import-config.file').setInputFiles(path);
  await app.waitIdle();
  expect(await page.evaluate(() => window.__explorerApi.state().config.accelerator.rows)).toBe(64);
  await expect(app.text('banner.issue.accelerator.cols')).toContainText(
    'edited.json: accelerator.cols: -5 is not accepted (accepted: an integer in [1, 1024])',
  );
  expect(await app.query()).toContain('rows=64');
  expect(await app.query()).toContain('cols=32');
});

test('NVSim input files of the current point download from the array panel', async ({ page }) => {
  const app = new ExplorerPage(page);
  await app.open('?cap=1MiB&node=22&roadmap=lop');
  const cell = (await body(await download(app, 'export.nvsim.mram.cell'))).toString('utf8');
  expect(cell).toContain('-MemCellType: MRAM');
  const cfg = (await body(await download(app, 'export.nvsim.mram.cfg'))).toString('utf8');
  expect(cfg).toContain('-ProcessNode: 22');
  expect(cfg).toContain('-Capacity (MB): 1');
  expect(cfg).toContain('-DeviceRoadmap: LOP');
});

test('the validation view shows recorded NVSim and SCALE-Sim runs beside ours with relative errors', async ({
  page,
}) => {
  const app = new ExplorerPage(page);
  await app.open();
  await app.text('validation.run').click();
  const rows = app.text('validation.table').locator('tbody tr');
  await expect(rows).toHaveCount(96);
  await expect(app.text('validation.table')).toContainText('A32_os__alexnet_Conv1');
  await expect(app.text('validation.table')).toContainText('121124 cycles');
  await expect(app.text('validation.claims')).toContainText('15–22');
});
