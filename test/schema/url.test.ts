import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  FIELDS,
  defaultConfig,
  parseConfigObject,
  setPath,
  type ExplorerConfig,
  type FieldDef,
} from '../../src/schema/schema.ts';
import { decodeConfig, decodeSI, encodeConfig, encodeSI } from '../../src/schema/url.ts';

function arbField(f: FieldDef): fc.Arbitrary<unknown> {
  switch (f.kind) {
    case 'number':
      return fc.double({
        min: f.min,
        max: f.max,
        minExcluded: !!f.minExclusive,
        maxExcluded: !!f.maxExclusive,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'int':
      if (f.pow2) return fc.integer({ min: Math.log2(f.min), max: Math.log2(f.max) }).map((e) => 2 ** e);
      return fc.integer({ min: f.min, max: f.max });
    case 'enum':
      return fc.constantFrom(...f.choices);
    case 'bool':
      return fc.boolean();
    case 'list':
      // hide= names controls: the URL keys of the schema (an unknown name is rejected)
      if (f.key === 'hide')
        return fc.subarray(
          FIELDS.map((x) => x.key).filter((k) => k !== 'hide'),
          { maxLength: 4 },
        );
      return fc.array(fc.stringMatching(/^[\w.-]{1,12}$/), { maxLength: 4 });
  }
}

const arbConfig: fc.Arbitrary<ExplorerConfig> = fc
  .tuple(...FIELDS.map(arbField))
  .map((values) => values.reduce<ExplorerConfig>((c, v, i) => setPath(c, FIELDS[i]!.path, v), defaultConfig()));

describe('SI string codec', () => {
  it('writes engineering prefixes from the decimal digits', () => {
    expect(encodeSI(5e-9)).toBe('5n');
    expect(encodeSI(1.25e-8)).toBe('12.5n');
    expect(encodeSI(1e-6)).toBe('1u');
    expect(encodeSI(0.6)).toBe('600m');
    expect(encodeSI(3.3e-10)).toBe('330p');
  });
  it('reads prefixes exactly (no multiply rounding)', () => {
    // 5 * 1e-9 === 5.000000000000001e-9 in binary64; the codec must give the literal 5e-9.
    expect(decodeSI('5ns', 's')).toBe(5e-9);
    expect(decodeSI('12.5n')).toBe(1.25e-8);
    expect(decodeSI('0.6V', 'V')).toBe(0.6);
    expect(decodeSI('abc')).toBeNaN();
    expect(decodeSI('5xs', 's')).toBeNaN();
  });
  it('round-trips any finite double', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-15, max: 1e9, noNaN: true }), (x) => decodeSI(encodeSI(x)) === x),
      {
        numRuns: 2000,
      },
    );
  });
});

describe('URL codec', () => {
  it('round-trips every valid configuration bit for bit (property)', () => {
    fc.assert(
      fc.property(arbConfig, (c) => {
        const d = decodeConfig(encodeConfig(c));
        expect(d.issues).toEqual([]);
        expect(d.config).toEqual(c);
      }),
      { numRuns: 500 },
    );
  });

  it('is readable: keys and units in plain text', () => {
    const q = encodeConfig(defaultConfig());
    expect(q).toMatch(/^v=3&seed=1&V=0\.7&pulse=5ns&/);
    expect(q).toContain('cap=4MiB');
  });

  it('names the field, the bad value and the accepted range, and keeps the rest', () => {
    const d = decodeConfig('?v=2&V=7&pulse=abc&cap=3MiB&df=xx&bogus=1&batch=64');
    const byField = Object.fromEntries(d.issues.map((i) => [i.field, i]));
    expect(byField['device.voltageV']!.message).toContain('"7"');
    expect(byField['device.voltageV']!.accepted).toBe('a number in [100mV, 1.5V]');
    expect(byField['device.pulseWidthS']!.value).toBe('abc');
    expect(byField['array.capacityBytes']!.accepted).toContain('power of two');
    expect(byField['accelerator.dataflow']!.accepted).toBe('one of os, ws, is');
    expect(byField['bogus']!.message).toContain('unknown key');
    expect(d.issues).toHaveLength(5);
    // the rest of the configuration is intact
    expect(d.config.accelerator.batch).toBe(64);
    expect(d.config.device.voltageV).toBe(defaultConfig().device.voltageV);
  });

  it('survives malformed strings without throwing', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const d = decodeConfig(s);
        expect(d.config.v).toBe(3);
      }),
      { numRuns: 500 },
    );
    expect(decodeConfig('%E0%A4%A&V=%%%').issues.length).toBeGreaterThan(0);
  });

  it('migrates a v2 link to the v2 access transistor (device field, 8 F sample cell) unless it names one', () => {
    const d = decodeConfig('?v=2&V=0.7');
    expect(d.fromVersion).toBe(2);
    expect(d.issues).toEqual([]);
    expect(d.config.system.accessR).toBe('device');
    expect(d.config.system.accessWidthF).toBe(8);
    const named = decodeConfig('?v=2&rAcc=array&accW=auto');
    expect([named.config.system.accessR, named.config.system.accessWidthF]).toEqual(['array', 'auto']);
    // v3 defaults: the array's transistor, sized
    const v3 = decodeConfig('?v=3&V=0.7');
    expect([v3.config.system.accessR, v3.config.system.accessWidthF]).toEqual(['array', 'auto']);
  });

  it('the access width takes auto or a number of F, and names its range otherwise', () => {
    expect(decodeConfig('accW=12.5').config.system.accessWidthF).toBe(12.5);
    expect(decodeConfig('accW=12.5F').config.system.accessWidthF).toBe(12.5);
    expect(decodeConfig('accW=auto').config.system.accessWidthF).toBe('auto');
    for (const bad of ['0.5', '101', 'wide', '']) {
      const d = decodeConfig(`accW=${bad}`);
      expect(d.issues[0]?.field).toBe('system.accessWidthF');
      expect(d.issues[0]?.accepted).toBe('auto or a number in [1 F, 100 F]');
      expect(d.config.system.accessWidthF).toBe('auto');
    }
    // round trip
    for (const w of ['auto', 8, 20.9] as const) {
      const c = setPath(defaultConfig(), 'system.accessWidthF', w);
      expect(decodeConfig(encodeConfig(c)).config.system.accessWidthF).toBe(w);
    }
  });

  it('migrates a v1 link (bare ns pulse, one memory for all classes)', () => {
    const d = decodeConfig('?v=1&t=7.5&mem=mram&seed=9');
    expect(d.fromVersion).toBe(1);
    expect(d.issues).toEqual([]);
    expect(d.config.device.pulseWidthS).toBe(7.5e-9);
    expect(d.config.placement).toEqual({
      weights: 'mram',
      activations: 'mram',
      errors: 'mram',
      weightGradients: 'mram',
      optimizer: 'sram', // a class added later: links without `po` keep Adam's moments in SRAM
    });
    expect(d.config.seed).toBe(9);
  });

  it('rejects an unknown version with a named issue', () => {
    const d = decodeConfig('?v=99&seed=3');
    expect(d.issues[0]!.field).toBe('v');
    expect(d.config.seed).toBe(3);
  });
});

describe('config JSON import', () => {
  it('accepts a full config and reports bad and unknown fields by path', () => {
    const good = defaultConfig();
    expect(parseConfigObject(JSON.parse(JSON.stringify(good)))).toEqual({ config: good, issues: [] });
    const bad = { ...good, accelerator: { ...good.accelerator, rows: 0, extra: 1 } };
    const r = parseConfigObject(bad);
    expect(r.issues.map((i) => i.field).sort()).toEqual(['accelerator.extra', 'accelerator.rows']);
    expect(r.config.accelerator.rows).toBe(32);
    expect(parseConfigObject('nope').issues[0]!.field).toBe('(root)');
  });
});
