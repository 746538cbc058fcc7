/** SCALE-Sim topology and .cfg import/export; bad input names file, line and field. */
import { describe, expect, it } from 'vitest';
import { FieldError } from '../../src/models/errors.ts';
import {
  exportScaleSimCfg,
  exportTopologyCsv,
  getNetwork,
  parseScaleSimCfg,
  parseTopologyCsv,
  simulateTraining,
} from '../../src/models/accelerator/index.ts';

const CONV_HEAD = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,';

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof FieldError) return e.field;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('topology CSV errors name file, line and field', () => {
  it('filter larger than its input', () => {
    expect(
      fieldOf(() => parseTopologyCsv(`${CONV_HEAD}\nConv1,224,224,3,3,3,64,1,\nConv2,8,8,11,3,3,64,1,\n`, 'net.csv')),
    ).toBe('net.csv:3:Filter Height');
  });
  it('zero channels', () => {
    expect(fieldOf(() => parseTopologyCsv(`${CONV_HEAD}\nConv1,224,224,3,3,0,64,1,\n`, 'net.csv'))).toBe(
      'net.csv:2:Channels',
    );
  });
  it('non-numeric field and too few fields', () => {
    expect(fieldOf(() => parseTopologyCsv(`${CONV_HEAD}\nConv1,224,abc,3,3,3,64,1,\n`, 'a.csv'))).toBe(
      'a.csv:2:IFMAP Width',
    );
    expect(fieldOf(() => parseTopologyCsv(`${CONV_HEAD}\nConv1,224,224,3,\n`, 'a.csv'))).toBe('a.csv:2:Filter Width');
  });
  it('unknown header', () => {
    expect(fieldOf(() => parseTopologyCsv('foo,bar\n1,2,\n', 'x.csv'))).toBe('x.csv:1:header');
  });
  it('GEMM format: zero M', () => {
    expect(fieldOf(() => parseTopologyCsv('Layer, M, N, K,\nT1,0,64,256,\n', 'g.csv'))).toBe('g.csv:2:M');
  });
});

describe('topology formats', () => {
  it('GEMM header -> matmul layer (M, N, K); conv header -> conv layer, SCALE-Sim output rounding', () => {
    const g = parseTopologyCsv('Layer, M, N, K,\nTest 1,128,64,256,\n');
    expect(g.layers[0]).toMatchObject({ kind: 'matmul', M: 128, N: 64, K: 256 });
    const c = parseTopologyCsv(`${CONV_HEAD}\nConv1,224,224,11,11,3,96,4,\n`);
    expect(c.layers[0]).toMatchObject({ kind: 'conv', inH: 224, kH: 11, cin: 3, cout: 96, strideH: 4, ceilMode: true });
  });
  it('"DP" layers are depthwise: groups = channels', () => {
    const c = parseTopologyCsv(`${CONV_HEAD}\nDP_conv,112,112,3,3,32,1,1,\n`);
    expect(c.layers[0]).toMatchObject({ cin: 32, cout: 32, groups: 32 });
  });
  it('export -> import keeps every forward GEMM of ResNet-18 and MobileNetV2 (padding folded into the input size)', () => {
    for (const id of ['resnet18', 'mobilenetv2', 'alexnet']) {
      const net = getNetwork(id)!;
      const back = parseTopologyCsv(exportTopologyCsv(net), `${id}.csv`);
      const a = simulateTraining({ network: net, batch: 1, array: { rows: 32, cols: 32, dataflow: 'os' } });
      const b = simulateTraining({ network: back, batch: 1, array: { rows: 32, cols: 32, dataflow: 'os' } });
      if (!a.ok || !b.ok) throw new Error('infeasible');
      const sum = (r: typeof a, k: 'macs' | 'computeCycles' | 'ifmapSramReads') =>
        r.layers.reduce((s, l) => s + l.forward[k], 0);
      expect(sum(b, 'macs')).toBe(sum(a, 'macs'));
      expect(sum(b, 'computeCycles')).toBe(sum(a, 'computeCycles'));
      expect(sum(b, 'ifmapSramReads')).toBe(sum(a, 'ifmapSramReads'));
    }
  });
  it('GEMM export of BERT repeats the per-head GEMMs', () => {
    const csv = exportTopologyCsv(getNetwork('bert-base')!, 'gemm');
    expect(csv.split('\n')[0]).toBe('Layer, M, N, K,');
    expect(csv).toContain('scores_qk_11,128,128,64,');
  });
});

describe('SCALE-Sim .cfg', () => {
  const text = `[general]\nrun_name = A32_os\n\n[architecture_presets]\nArrayHeight:    32\nArrayWidth:     16\nIfmapSramSzkB:   64\nFilterSramSzkB:  128\nOfmapSramSzkB:   32\nIfmapOffset:    0\nFilterOffset:   10000000\nOfmapOffset:    20000000\nBandwidth : 10\nDataflow : ws\nMemoryBanks:   1\n\n[run_presets]\nInterfaceBandwidth: CALC\n`;
  it('parses the docs/formats.md example keys', () => {
    const c = parseScaleSimCfg(text);
    expect(c).toMatchObject({
      runName: 'A32_os',
      rows: 32,
      cols: 16,
      ifmapSramKB: 64,
      filterSramKB: 128,
      ofmapSramKB: 32,
      dataflow: 'ws',
      interfaceBandwidth: 'CALC',
    });
    expect(parseScaleSimCfg(exportScaleSimCfg(c))).toEqual(c);
  });
  it('bad dataflow, bad number, missing key, malformed line', () => {
    expect(fieldOf(() => parseScaleSimCfg(text.replace('Dataflow : ws', 'Dataflow : xs'), 'a.cfg'))).toBe(
      'a.cfg:14:Dataflow',
    );
    expect(fieldOf(() => parseScaleSimCfg(text.replace('ArrayWidth:     16', 'ArrayWidth: 0'), 'a.cfg'))).toBe(
      'a.cfg:6:ArrayWidth',
    );
    expect(fieldOf(() => parseScaleSimCfg('[architecture_presets]\nArrayWidth: 8\n', 'b.cfg'))).toMatch(
      /^b\.cfg:\d+:ArrayHeight$/,
    );
    expect(fieldOf(() => parseScaleSimCfg('[general]\njust some words\n', 'c.cfg'))).toBe('c.cfg:2:line');
  });
});
