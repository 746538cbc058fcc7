import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { CliIO } from '../../src/cli/command.ts';
import { sweepCommand } from '../../src/cli/commands/sweep.ts';
import { FieldError } from '../../src/models/errors.ts';

const fixture = new URL('../fixtures/sweep-small.json', import.meta.url).pathname;

/** An in-memory CLI io: files written live in `files` (read back from there first, then from disk). */
function io(
  files = new Map<string, string>(),
): CliIO & { stdout: string[]; stderr: string[]; files: Map<string, string> } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    files,
    out: (t) => stdout.push(t),
    err: (t) => stderr.push(t),
    readFile: (_f, p) => files.get(p) ?? readFileSync(p, 'utf8'),
    writeFile: (_f, p, c) => files.set(p, c),
    appendFile: (_f, p, c) => files.set(p, (files.get(p) ?? '') + c),
    exists: (p) => files.has(p),
  };
}

/** The last CSV column (shard "i/n") removed from every line, to compare shard rows with unsharded ones. */
const withoutShard = (csv: string) => csv.replace(/,[^,\n]*$/gm, '');

describe('sweep CLI', () => {
  it('shard CSVs concatenate to the unsharded result (apart from the shard column)', async () => {
    const whole = io();
    expect(await sweepCommand.run(['--config', fixture, '--out', 'all.csv'], whole)).toBe(0);
    const all = whole.files.get('all.csv')!;
    // 3 voltages x 2 pulses x 2 placements = 12 points + header
    expect(all.trim().split('\n')).toHaveLength(13);
    let cat = '';
    for (let i = 0; i < 5; i++) {
      const s = io();
      expect(await sweepCommand.run(['--config', fixture, '--out', 'part.csv', '--shard', `${i}/5`], s)).toBe(0);
      const part = s.files.get('part.csv')!;
      // every row names its shard as the last column
      for (const line of part
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('index')))
        expect(line.endsWith(`,${i}/5`)).toBe(true);
      cat += part;
    }
    expect(withoutShard(cat)).toBe(withoutShard(all));
    expect(all.split('\n')[1]).toMatch(/,0\/1$/);
  });

  it('--json prints one JSON document with the shard bounds', async () => {
    const s = io();
    await sweepCommand.run(['--config', fixture, '--shard', '1/3', '--json'], s);
    expect(s.stdout).toHaveLength(1);
    const doc = JSON.parse(s.stdout[0]!);
    expect(doc.points).toBe(12);
    expect(doc.shard).toEqual({ index: 1, count: 3, first: 4, end: 8 });
    expect(doc.results).toHaveLength(4);
    // point 4 = first placement, third voltage (0.6,0.6,0.7,0.7,0.8,...), first pulse
    expect(doc.results[0]['device.voltageV']).toBe(0.8);
    expect(doc.results[0]['device.pulseWidthS']).toBe(3e-9);
    expect(doc.results[0].ok).toBe(true);
  });

  it("a spec's base without a version is the current schema's (the array's sized access transistor), a v2 base keeps v2's", async () => {
    const row = async (base: object) => {
      const s = io(new Map([['spec.json', JSON.stringify({ base, voltageV: [0.7], pulseWidthS: [5e-9] })]]));
      await sweepCommand.run(['--config', 'spec.json', '--json'], s);
      return JSON.parse(s.stdout[0]!).results[0] as Record<string, unknown>;
    };
    const current = await row({ accelerator: { network: 'mlp-digits' } });
    expect([current['system.accessR'], current['system.accessWidthF']]).toEqual(['array', 'auto']);
    const v2 = await row({ v: 2, accelerator: { network: 'mlp-digits' } });
    expect([v2['system.accessR'], v2['system.accessWidthF']]).toEqual(['device', 8]);
  });

  it('rejects a bad shard and a bad file with named errors', async () => {
    await expect(sweepCommand.run(['--config', fixture, '--shard', '3/3'], io())).rejects.toThrow(FieldError);
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ voltageV: [0.7, 'x'] }));
    await expect(sweepCommand.run(['--config', bad], io())).rejects.toThrow(`${bad}: voltageV[1]`);
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'sweep', '--config', fixture, '--shard', 'x'],
      { encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--shard: "x" is not accepted');
  });

  it('trains each point when asked for accuracy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const cfg = join(dir, 'acc.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        base: { seed: 2, training: { epochs: 1 } },
        voltageV: [0.8],
        pulseWidthS: ['10ns'],
        placements: [{ weights: 'sram', activations: 'sram', errors: 'sram', weightGradients: 'sram' }],
        accuracy: true,
      }),
    );
    const s = io();
    await sweepCommand.run(['--config', cfg, '--json'], s);
    const row = JSON.parse(s.stdout[0]!).results[0];
    // a clean digits MLP trains well above chance (10 %) after one epoch
    expect(row.testAccuracy).toBeGreaterThan(0.5);
    expect(row.corruptedBits).toBe(0);
    expect(row.backend).toBe('wasm');
  });

  it('an accuracy shard written to CSV carries the front of its rows, also when resumed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const cfg = join(dir, 'acc2.json');
    writeFileSync(
      cfg,
      JSON.stringify({
        base: { seed: 2, training: { epochs: 1 } },
        voltageV: [0.7, 0.8],
        pulseWidthS: ['10ns'],
        // activations in relaxed MRAM: the write energy (so the energy per step) differs by voltage
        placements: [{ weights: 'sram', activations: 'relaxed', errors: 'sram', weightGradients: 'sram' }],
        accuracy: true,
      }),
    );
    const s = io();
    await sweepCommand.run(['--config', cfg, '--out', 'a.csv'], s);
    const full = s.files.get('a.csv')!;
    const [head, r0, r1] = full.trim().split('\n') as [string, string, string];
    const cols = head.split(',');
    const cell = (row: string, k: string) => row.split(',')[cols.indexOf(k)]!;
    // Two clean runs: a row is on the front unless the other has lower-or-equal energy and
    // higher-or-equal accuracy (one strictly) — the definition, applied to the two rows by hand.
    const e = [r0, r1].map((r) => Number(cell(r, 'energyPerStepJ')));
    const a = [r0, r1].map((r) => Number(cell(r, 'testAccuracy')));
    expect(e[0]).not.toBe(e[1]);
    const dominated = (i: number, j: number) => e[j]! <= e[i]! && a[j]! >= a[i]! && (e[j]! < e[i]! || a[j]! > a[i]!);
    expect([r0, r1].map((r) => cell(r, 'trainStatus'))).toEqual(['ok', 'ok']);
    expect([r0, r1].map((r) => cell(r, 'onParetoFront'))).toEqual([String(!dominated(0, 1)), String(!dominated(1, 0))]);
    // A file killed after point 0 (its front flag still empty, as written mid-run): resumed, point 1 is
    // trained and the front is recomputed over both rows.
    const midRun = head + '\n' + r0.replace(/,(true|false)(,[0-9a-f]{16},2,0\/1)$/, ',$2') + '\n';
    const t = io(new Map([['a.csv', midRun]]));
    await sweepCommand.run(['--config', cfg, '--out', 'a.csv', '--resume'], t);
    expect(t.stderr.filter((l) => l.startsWith('point '))).toEqual([expect.stringMatching(/^point 2\/2 \(#1\)/)]);
    expect(t.files.get('a.csv')).toBe(full);
  });
});

/** Run shard i/n of a config in memory; returns its CSV (or JSON) text. */
async function shardText(config: string, i: number, n: number, extra: string[] = []): Promise<string> {
  const s = io();
  expect(await sweepCommand.run(['--config', config, '--out', 'o', '--shard', `${i}/${n}`, ...extra], s)).toBe(0);
  return s.files.get('o')!;
}

/** Run `sweep merge` in memory over named texts; returns the io (the merged file is files.get('m')). */
async function merge(parts: Record<string, string>, extra: string[] = ['--out', 'm']) {
  const s = io(new Map(Object.entries(parts)));
  const code = await sweepCommand.run(['merge', ...Object.keys(parts), ...extra], s);
  return { s, code };
}

/** The error `sweep merge` throws for these texts (fails the test when it does not throw). */
async function mergeError(parts: Record<string, string>): Promise<FieldError> {
  try {
    await merge(parts);
  } catch (e) {
    expect(e).toBeInstanceOf(FieldError);
    return e as FieldError;
  }
  throw new Error('sweep merge accepted bad shards');
}

describe('sweep merge', () => {
  // The fixture: 3 voltages x 2 pulses x 2 placements = 12 points. Four shards of 12 are the blocks
  // floor(i*12/4) .. floor((i+1)*12/4): 0-2, 3-5, 6-8, 9-11.
  it('merges shards given in any order into the unsharded file (apart from the shard column), with a summary', async () => {
    const whole = io();
    await sweepCommand.run(['--config', fixture, '--out', 'all.csv'], whole);
    const parts: Record<string, string> = {};
    for (const i of [3, 1, 0, 2]) parts[`p${i}.csv`] = await shardText(fixture, i, 4);
    const { s, code } = await merge(parts);
    expect(code).toBe(0);
    const merged = s.files.get('m')!;
    expect(withoutShard(merged)).toBe(withoutShard(whole.files.get('all.csv')!));
    // rows in index order 0..11, each still naming the shard that wrote it
    const lines = merged.trim().split('\n').slice(1);
    expect(lines.map((l) => Number(l.split(',')[0]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(lines.map((l) => l.split(',').at(-1))).toEqual(['0/4', '1/4', '2/4', '3/4'].flatMap((x) => [x, x, x]));
    expect(s.stdout.join('\n')).toMatch(/^merged 4 files: 12 points of sweep [0-9a-f]{16}, 0 infeasible, .* -> m$/);
  });

  it('merges JSON shards too, and --json prints the summary', async () => {
    const whole = io();
    await sweepCommand.run(['--config', fixture, '--out', 'all.json', '--format', 'json'], whole);
    const parts = {
      'a.json': await shardText(fixture, 0, 2, ['--format', 'json']),
      'b.json': await shardText(fixture, 1, 2, ['--format', 'json']),
    };
    const { s } = await merge(parts, ['--out', 'm', '--json']);
    const strip = (t: string) => (JSON.parse(t) as Record<string, unknown>[]).map(({ shard: _s, ...r }) => r);
    expect(strip(s.files.get('m')!)).toEqual(strip(whole.files.get('all.json')!));
    expect(JSON.parse(s.stdout[0]!)).toMatchObject({ files: 2, points: 12, format: 'json', infeasible: 0 });
  });

  it('names a missing shard, and an unfinished one', async () => {
    const p = [0, 1, 2, 3].map((i) => shardText(fixture, i, 4));
    const [p0, p1, p2, p3] = await Promise.all(p);
    const e = await mergeError({ 'p0.csv': p0!, 'p1.csv': p1!, 'p3.csv': p3! });
    expect(e.field).toBe('missing points');
    expect(e.value).toBe('6-8');
    expect(e.message).toContain('shard 2/4 (points 6-8) has no file');
    // shard 2 cut after its first row (point 6): points 7 and 8 are missing from p2.csv
    const firstRow = p2!.split('\n')[0] + '\n';
    const e2 = await mergeError({ 'p0.csv': p0!, 'p1.csv': p1!, 'p2.csv': firstRow, 'p3.csv': p3! });
    expect(e2.value).toBe('7-8');
    expect(e2.message).toContain('shard 2/4 (p2.csv) lacks points 7-8');
    // and a last line cut short (the shard still running, or killed mid-write) is named as such
    const e3 = await mergeError({ 'p0.csv': p0!, 'p1.csv': p1!, 'p2.csv': p2!.slice(0, -20), 'p3.csv': p3! });
    expect(e3.field).toBe('p2.csv:3');
    expect(e3.message).toContain('cut short');
  });

  it('names a duplicated point in both files (overlapping shards), and a file given twice', async () => {
    // shard 0/2 is points 0-5; shard 1/4 is points 3-5: point 3 is in both
    const e = await mergeError({
      'half.csv': await shardText(fixture, 0, 2),
      'quarter.csv': await shardText(fixture, 1, 4),
      'rest.csv': await shardText(fixture, 1, 2),
    });
    expect(e.field).toBe('quarter.csv:1: index');
    expect(e.value).toBe(3);
    // half.csv line 1 is the header, so point 3 is on line 5
    expect(e.message).toContain('point 3 is also in half.csv:5');
    const twice = io(new Map([['a.csv', await shardText(fixture, 0, 1)]]));
    await expect(sweepCommand.run(['merge', 'a.csv', 'a.csv'], twice)).rejects.toThrow('the same file is given twice');
  });

  it('names a shard of another sweep (spec hash), and a foreign or older file (header)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-'));
    const other = join(dir, 'other.json');
    // the same axes lengths (so the same 12 points and shard blocks) but one other voltage
    const spec = JSON.parse(readFileSync(fixture, 'utf8'));
    writeFileSync(other, JSON.stringify({ ...spec, voltageV: [0.6, 0.7, 0.9] }));
    const ours = await shardText(fixture, 0, 2);
    const theirs = await shardText(other, 1, 2);
    const e = await mergeError({ 'ours.csv': ours, 'theirs.csv': theirs });
    expect(e.field).toBe('theirs.csv:1: specHash');
    expect(e.message).toContain('a shard of another sweep');
    expect(e.message).toContain('the sweep of ours.csv:2');
    // a CSV written before rows carried their sweep: the header lacks the three last columns
    const old = ours.replace(/^(.*),specHash,sweepPoints,shard\n/, '$1\n');
    const e2 = await mergeError({ 'old.csv': old, 'theirs.csv': theirs });
    expect(e2.field).toBe('old.csv:1');
    expect(e2.message).toContain('no specHash column');
    const e3 = await mergeError({ 'notes.csv': 'a,b\n1,2\n' });
    expect(e3.field).toBe('notes.csv:1');
    expect(e3.message).toContain('2 cells');
    const e4 = await mergeError({ 'x.json': '[{"index": 0}]' });
    expect(e4.field).toBe('x.json[0]');
    // CSV and JSON shards do not mix
    const e5 = await mergeError({ 'a.csv': ours, 'b.json': await shardText(fixture, 1, 2, ['--format', 'json']) });
    expect(e5.field).toBe('b.json');
  });

  it('names an unreadable file and a merge without files (exit 2 from the CLI)', async () => {
    await expect(sweepCommand.run(['merge', '--out', 'm'], io())).rejects.toThrow('no files given');
    const missing = join(mkdtempSync(join(tmpdir(), 'sweep-')), 'nope.csv');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'sweep', 'merge', missing], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`shard file: ${JSON.stringify(missing)} is not accepted (accepted: a readable file)`);
  });
});

describe('sweep --resume', () => {
  it('keeps the complete rows of a partial shard, drops a cut-short line, runs only the rest', async () => {
    for (const [i, n] of [
      [0, 3], // with the header
      [1, 3], // without (only shard 0 writes it)
    ] as const) {
      const full = await shardText(fixture, i, n);
      const lines = full.split('\n'); // ends with '' after the last newline
      const rows = lines.filter((l) => l && !l.startsWith('index'));
      expect(rows).toHaveLength(4); // 12 points / 3 shards
      // a file cut in the third row: two complete rows kept, the third dropped and rerun
      const head = i === 0 ? lines[0] + '\n' : '';
      const partial = head + rows[0] + '\n' + rows[1] + '\n' + rows[2]!.slice(0, 30);
      const s = io(new Map([['part.csv', partial]]));
      const args = ['--config', fixture, '--out', 'part.csv', '--shard', `${i}/${n}`, '--resume'];
      expect(await sweepCommand.run(args, s)).toBe(0);
      expect(s.files.get('part.csv')).toBe(full);
      expect(s.stderr[0]).toContain(`2 of 4 points of shard ${i}/${n} there, a cut-short last line`);
      expect(s.stderr.filter((l) => l.startsWith('point '))).toHaveLength(2);
      // resuming a complete file runs nothing and leaves it as it is
      const again = io(new Map([['part.csv', full]]));
      await sweepCommand.run([...args, '--json'], again);
      expect(again.files.get('part.csv')).toBe(full);
      expect(JSON.parse(again.stdout[0]!)).toMatchObject({ rows: 4, resumed: 4 });
    }
  });

  it('starts afresh when --out does not exist; without --resume --out is overwritten (as before)', async () => {
    const full = await shardText(fixture, 2, 3);
    const s = io();
    await sweepCommand.run(['--config', fixture, '--out', 'p.csv', '--shard', '2/3', '--resume'], s);
    expect(s.files.get('p.csv')).toBe(full);
    const t = io(new Map([['p.csv', 'something else\n']]));
    await sweepCommand.run(['--config', fixture, '--out', 'p.csv', '--shard', '2/3'], t);
    expect(t.files.get('p.csv')).toBe(full);
  });

  it('refuses a file of another sweep or shard, out of order, or without --out / as JSON', async () => {
    const shard1 = await shardText(fixture, 1, 3);
    const run = (text: string, shard: string) =>
      sweepCommand.run(
        ['--config', fixture, '--out', 'p.csv', '--shard', shard, '--resume'],
        io(new Map([['p.csv', text]])),
      );
    // shard 1/3's rows resumed as shard 2/3
    await expect(run(shard1, '2/3')).rejects.toThrow('p.csv:1: shard: "1/3" is not accepted (accepted: 2/3');
    // rows of another sweep: the hash differs
    const other = shard1.replace(/,[0-9a-f]{16},12,1\/3$/gm, ',0123456789abcdef,12,1/3');
    await expect(run(other, '1/3')).rejects.toThrow('p.csv:1: specHash: "0123456789abcdef" is not accepted');
    // the second row removed: point 6 follows point 4
    const rows = shard1.split('\n');
    await expect(run([rows[0], rows[2], ''].join('\n'), '1/3')).rejects.toThrow(
      'p.csv:2: index: 6 is not accepted (accepted: 5, the next point of shard 1/3)',
    );
    await expect(sweepCommand.run(['--config', fixture, '--resume'], io())).rejects.toThrow('--resume');
    await expect(
      sweepCommand.run(['--config', fixture, '--out', 'p.json', '--format', 'json', '--resume'], io()),
    ).rejects.toThrow('--resume: true is not accepted (accepted: CSV output');
    await expect(
      sweepCommand.run(['--config', fixture, '--out', 'p.csv', '--shard', '2/0', '--resume'], io()),
    ).rejects.toThrow('--shard: "2/0" is not accepted');
  });
});
