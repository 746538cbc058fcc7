/**
 * Issue 14: a shared link pasted into a script gives the numbers the page shows. For a set of links the
 * page's analytic system result (read through the test API) equals `system --url '<link>' --json` of the
 * CLI, run in Node, bit for bit: for the link as written and for the page's own address after loading.
 */
import { spawnSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { ExplorerPage } from './pages/explorer.ts';

interface SystemNumbers {
  ratio: number;
  ratioIsoCapacity: number;
  ratioIsoArea: number;
  accessResistanceOhm: number;
  temperatureK: number;
  sramJ: number;
  isoCapacityJ: number;
  isoAreaJ: number;
  sramBreakdown: Record<string, number>;
  isoCapacityBreakdown: Record<string, number>;
  isoAreaBreakdown: Record<string, number>;
  isoAreaCapacityBytes: Record<string, number>;
  warnings: string[];
}

const LINKS = {
  default: '?v=3',
  'relaxed placement': '?v=3&pa=relaxed&pe=relaxed&pg=relaxed&V=0.75&pulse=4ns',
  'node, capacity, dataflow, network': '?v=3&node=32&cap=16MiB&df=ws&net=mlp-mnist&rows=64&cols=16&iso=area',
  'v=1 link (migrated)': '?v=1&t=8&mem=relaxed',
  'v=2 link (migrated: device field, 8 F cell)': '?v=2&pa=relaxed&V=0.75',
  "the array's access transistor, 12 F": '?v=3&accW=12&nomV=1.2&nomPulse=25ns',
};

function cliSystem(link: string): SystemNumbers {
  const r = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'system', '--url', link, '--json'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, `system --url ${link}: ${r.stderr}`).toBe(0);
  const d = JSON.parse(r.stdout) as {
    ratio: number;
    ratioIsoCapacity: number;
    ratioIsoArea: number;
    accessResistanceOhm: number;
    temperatureK: number;
    warnings: string[];
    sram: { energyPerStepJ: number; breakdown: Record<string, number> };
    isoCapacity: { energyPerStepJ: number; breakdown: Record<string, number> };
    isoArea: { energyPerStepJ: number; breakdown: Record<string, number>; capacityBytes: Record<string, number> };
  };
  return {
    ratio: d.ratio,
    ratioIsoCapacity: d.ratioIsoCapacity,
    ratioIsoArea: d.ratioIsoArea,
    accessResistanceOhm: d.accessResistanceOhm,
    temperatureK: d.temperatureK,
    sramJ: d.sram.energyPerStepJ,
    isoCapacityJ: d.isoCapacity.energyPerStepJ,
    isoAreaJ: d.isoArea.energyPerStepJ,
    sramBreakdown: d.sram.breakdown,
    isoCapacityBreakdown: d.isoCapacity.breakdown,
    isoAreaBreakdown: d.isoArea.breakdown,
    isoAreaCapacityBytes: d.isoArea.capacityBytes,
    warnings: d.warnings,
  };
}

for (const [name, link] of Object.entries(LINKS)) {
  test(`system --url equals the page bit for bit: ${name}`, async ({ page }) => {
    const app = new ExplorerPage(page);
    await app.open(link);
    const shown = await page.evaluate((): SystemNumbers | string => {
      const v = window.__explorerApi.state().analytic.value;
      if (!v) return 'no analytic result';
      if (!v.ok) return v.reason;
      const s = v.result.system;
      if (!s.ok) return s.reason;
      const r = s.result;
      return {
        ratio: r.ratio,
        ratioIsoCapacity: r.ratioIsoCapacity,
        ratioIsoArea: r.ratioIsoArea,
        accessResistanceOhm: r.accessResistanceOhm,
        temperatureK: r.temperatureK,
        sramJ: r.sram.energyPerStepJ,
        isoCapacityJ: r.isoCapacity.energyPerStepJ,
        isoAreaJ: r.isoArea.energyPerStepJ,
        sramBreakdown: { ...r.sram.breakdown },
        isoCapacityBreakdown: { ...r.isoCapacity.breakdown },
        isoAreaBreakdown: { ...r.isoArea.breakdown },
        isoAreaCapacityBytes: { ...r.isoArea.capacityBytes },
        warnings: [...r.warnings],
      };
    });
    expect(typeof shown, String(shown)).toBe('object');
    // the link as written, and the page's own address (every field written out), give the page's numbers
    expect(cliSystem(link)).toEqual(shown);
    await app.waitUrl();
    expect(cliSystem(page.url())).toEqual(shown);
    expect(app.consoleErrors).toEqual([]);
  });
}
