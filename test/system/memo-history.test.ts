/**
 * The class-cost memo must not make a result depend on what was evaluated before it. Regression: the memo
 * numbers each technology key and starts the numbering over after 500 keys; the costs stored under the
 * old numbers were kept, so the 502nd relaxed write point got the cost of the first (an unsharded sweep of
 * 2,000 points differed from its shards by ~1 % in energy per step from point ~1,500 on).
 */
import { describe, expect, it } from 'vitest';
import { memCostFor, techKeys, type MemoryTechConfig } from '../../src/models/system/costs.ts';

const BASE: Omit<MemoryTechConfig, 'keys'> = {
  nodeNm: 22,
  roadmap: 'lop',
  target: 'read-edp',
  wordBits: 64,
  nominalWrite: { voltageV: 0.9, pulseWidthS: 10e-9 },
  relaxedWrite: { voltageV: 0.7, pulseWidthS: 5e-9 },
};

describe('class-cost memo', () => {
  it('gives the uncached cost for every one of 600 relaxed write points (more than the 500 it numbers)', () => {
    for (let i = 0; i < 600; i++) {
      const mt = { ...BASE, relaxedWrite: { voltageV: 0.7, pulseWidthS: (1 + i / 100) * 1e-9 } };
      const cached = memCostFor('mram-relaxed', 1 << 20, 16, { ...mt, keys: techKeys(mt) });
      const direct = memCostFor('mram-relaxed', 1 << 20, 16, mt); // no keys: computed, not memoised
      expect(cached, `write point ${i}`).toEqual(direct);
    }
  }, 60_000);
});
