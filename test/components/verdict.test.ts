import { describe, expect, it } from 'vitest';
import { dominantComponent, verdictSentence } from '../../src/components/verdict.ts';

// A hand-made example: SRAM 10 mJ per step = compute 2 + read 1 + write 1 + leakage 5 + dram 1 (mJ);
// the MRAM design: compute 2 + read 1.2 + write 1.5 + leakage 0.5 + dram 1 = 6.2 mJ.
// Differences (design − SRAM): read +0.2, write +0.5, leakage −4.5; net −3.8 mJ; ratio 10 / 6.2 = 1.6129…
const sram = { compute: 2e-3, read: 1e-3, write: 1e-3, leakage: 5e-3, dram: 1e-3 };
const mram = { compute: 2e-3, read: 1.2e-3, write: 1.5e-3, leakage: 0.5e-3, dram: 1e-3 };

describe('verdict', () => {
  it('names the ratio, the comparison and the component the difference comes from', () => {
    const d = dominantComponent(sram, mram)!;
    expect(d.key).toBe('leakage');
    expect(d.deltaJ).toBeCloseTo(-4.5e-3, 12);
    expect(d.netJ).toBeCloseTo(-3.8e-3, 12);
    const s = verdictSentence({
      ratio: 10 / 6.2,
      iso: 'capacity',
      sram: { energyPerStepJ: 10e-3, breakdown: sram },
      design: { energyPerStepJ: 6.2e-3, breakdown: mram },
      accuracy: { design: 0.961, sram: 0.969 },
    });
    expect(s).toBe(
      'This MRAM design uses 1.61× less energy per training step than SRAM at equal capacity, mostly from leakage (−4.5 mJ of the −3.8 mJ difference per step); accuracy 96.1 % vs 96.9 % (SRAM).',
    );
  });
  it('when MRAM costs more, names the component that adds most (here the writes: +3 mJ of +2.5 mJ)', () => {
    // design − SRAM: write +3, leakage −0.5: net +2.5 mJ; ratio 10 / 12.5 = 0.8 -> 1.25× more
    const worse = { ...sram, write: 4e-3, leakage: 4.5e-3 };
    const s = verdictSentence({
      ratio: 0.8,
      iso: 'area',
      sram: { energyPerStepJ: 10e-3, breakdown: sram },
      design: { energyPerStepJ: 12.5e-3, breakdown: worse },
    });
    expect(s).toBe(
      'This MRAM design uses 1.25× more energy per training step than SRAM at equal area, mostly from scratchpad writes (+3 mJ of the +2.5 mJ difference per step).',
    );
  });
  it('says when the design is the SRAM baseline, or when only one accuracy is known', () => {
    const base = {
      ratio: 1,
      iso: 'capacity' as const,
      sram: { energyPerStepJ: 1, breakdown: sram },
      design: { energyPerStepJ: 1, breakdown: sram },
    };
    expect(verdictSentence({ ...base, allSram: true })).toBe(
      'This design keeps every tensor class in SRAM: it is the baseline.',
    );
    expect(verdictSentence({ ...base, accuracy: { design: 0.9 } })).toBe(
      'This MRAM design uses about the same energy per training step as SRAM at equal capacity; accuracy 90.0 % (trained here; SRAM not trained yet).',
    );
  });
});
