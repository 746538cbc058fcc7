import { useMemo } from 'react';
import { setPath, TENSOR_CLASSES, type ExplorerConfig } from '../schema/schema.ts';
import { designAccuracy, deviceOutcome, sramAccuracy, systemOutcome } from '../state/derive.ts';
import { useExplorer } from '../state/react.ts';
import { ratio } from './format.ts';
import { verdictSentence } from './verdict.ts';

const MiB = 1024 * 1024;

/**
 * The reference study's setting (Roy, Wang, Raghunathan 2023; the CLI's `system --preset roy2023`):
 * 32×32 weight-stationary array, batch 32, 4 MiB, 22 nm low-operating-power periphery, bfloat16, every
 * class in MRAM at the nominal write, ResNet-18. Variants change one or two settings from it.
 */
const REFERENCE: Record<string, unknown> = {
  'accelerator.network': 'resnet18',
  'accelerator.rows': 32,
  'accelerator.cols': 32,
  'accelerator.dataflow': 'ws',
  'accelerator.batch': 32,
  'array.capacityBytes': 4 * MiB,
  'array.nodeNm': 22,
  'array.roadmap': 'lop',
  'array.iso': 'capacity',
  'training.format': 'bf16',
  'placement.weights': 'mram',
  'placement.activations': 'mram',
  'placement.errors': 'mram',
  'placement.weightGradients': 'mram',
};

export const STUDY_PRESETS: { id: string; label: string; title: string; set: Record<string, unknown> }[] = [
  {
    id: 'roy2023',
    label: 'Reference study',
    title: 'ResNet-18, 32×32 WS, batch 32, 4 MiB, 22 nm LOP, bf16, all classes in nominal-write MRAM, iso-capacity',
    set: REFERENCE,
  },
  {
    id: 'roy2023-area',
    label: '… iso-area',
    title: 'the reference setting, MRAM sized to the SRAM area',
    set: { ...REFERENCE, 'array.iso': 'area' },
  },
  {
    id: 'roy2023-hp',
    label: '… HP periphery',
    title: 'the reference setting with high-performance (leaky) periphery transistors',
    set: { ...REFERENCE, 'array.roadmap': 'hp' },
  },
  {
    id: 'roy2023-hp-128',
    label: '… 128 MiB, HP',
    title: 'the reference setting with 128 MiB and high-performance periphery (leakage dominates)',
    set: { ...REFERENCE, 'array.roadmap': 'hp', 'array.capacityBytes': 128 * MiB },
  },
  {
    id: 'roy2023-relaxed',
    label: '… relaxed activations + errors',
    title:
      'the reference setting with activations and errors in MRAM at the relaxed write; weights and weight gradients stay at the nominal write',
    set: { ...REFERENCE, 'placement.activations': 'relaxed', 'placement.errors': 'relaxed' },
  },
];

export function applyPreset(c: ExplorerConfig, set: Record<string, unknown>): ExplorerConfig {
  let out = c;
  for (const [path, v] of Object.entries(set)) out = setPath(out, path, v);
  return out;
}

/** The answer first: the verdict in words, the two ratios, and the reference-study presets. */
export function Verdict() {
  const device = useExplorer(deviceOutcome);
  const system = useExplorer(systemOutcome);
  const config = useExplorer((s) => s.config);
  const setConfig = useExplorer((s) => s.actions.setConfig);
  const r = system?.ok ? system.result : undefined;
  const designAcc = useExplorer(designAccuracy);
  const sramAcc = useExplorer(sramAccuracy);
  const accuracy = useMemo(() => ({ design: designAcc, sram: sramAcc }), [designAcc, sramAcc]);

  let sentence: string;
  // the design's system needs a write point the device cannot take: the point itself is infeasible
  if (device && !device.ok && system && !system.ok) sentence = `This design point is infeasible: ${system.reason}`;
  else if (system && !system.ok) sentence = `No energy comparison for this point: ${system.reason}`;
  else if (!r) sentence = 'Computing the comparison…';
  else {
    const design = config.array.iso === 'area' ? r.isoArea : r.isoCapacity;
    sentence = verdictSentence({
      ratio: r.ratio,
      iso: config.array.iso,
      sram: { energyPerStepJ: r.sram.energyPerStepJ, breakdown: { ...r.sram.breakdown } },
      design: { energyPerStepJ: design.energyPerStepJ, breakdown: { ...design.breakdown } },
      allSram: TENSOR_CLASSES.every((c) => config.placement[c] === 'sram'),
      accuracy,
    });
  }
  const infeasible = system && !system.ok;

  return (
    <section className="verdict" aria-label="Verdict" data-testid="verdict">
      <p
        className={infeasible ? 'verdict-text infeasible' : 'verdict-text'}
        data-testid="verdict.text"
        aria-live="polite"
      >
        {sentence}
      </p>
      <div className="verdict-row">
        <span className="ratios" data-testid="verdict.ratios">
          SRAM ÷ MRAM energy per step ({r?.network.name ?? config.accelerator.network}):{' '}
          <span className={config.array.iso === 'capacity' ? 'ratio on' : 'ratio'} data-testid="verdict.ratio.capacity">
            iso-capacity <strong>{ratio(r?.ratioIsoCapacity)}</strong>
          </span>{' '}
          <span className={config.array.iso === 'area' ? 'ratio on' : 'ratio'} data-testid="verdict.ratio.area">
            iso-area <strong>{ratio(r?.ratioIsoArea)}</strong>
          </span>
        </span>
        <span className="presets" role="group" aria-label="Reference-study presets">
          {STUDY_PRESETS.map((p) => (
            <button
              key={p.id}
              type="button"
              title={p.title}
              data-testid={`preset.${p.id}`}
              onClick={() => setConfig(applyPreset(config, p.set))}
            >
              {p.label}
            </button>
          ))}
        </span>
      </div>
    </section>
  );
}
