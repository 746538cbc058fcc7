/**
 * Talk mode scenes: data, not code. Each scene is a URL configuration with a caption, the panels it
 * shows and the controls it leaves visible. Users can load their own list (JSON, same shape).
 */
import { z } from './zod-setup.ts';
import { FieldError } from '../models/errors.ts';
import { FIELDS } from './schema.ts';

export const PANELS = ['device', 'array', 'system', 'training', 'pareto', 'validation'] as const;
export type PanelId = (typeof PANELS)[number];

export interface Scene {
  title: string;
  caption: string;
  /** URL query of the configuration (v, seed and any fields; the rest take defaults). */
  query: string;
  panels: PanelId[];
  /** URL keys of the controls left visible (all others are hidden in this scene). */
  show: string[];
}

const CONTROL_KEYS = FIELDS.filter((f) => !f.path.startsWith('ui.')).map((f) => f.key);

export const sceneSchema = z.object({
  title: z.string().min(1).max(120),
  caption: z.string().max(2000),
  query: z.string().max(4000),
  panels: z.array(z.enum(PANELS)).min(1),
  show: z.array(z.enum(CONTROL_KEYS as [string, ...string[]])),
});
export const scenesSchema = z.array(sceneSchema).min(1).max(99);

/** Validate a user's scene list; errors name the file, the scene and the field. */
export function parseScenes(json: unknown, file = 'scenes.json'): Scene[] {
  const r = scenesSchema.safeParse(json);
  if (r.success) return r.data;
  const i = r.error.issues[0]!;
  const path = i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
  let value: unknown = json;
  for (const p of i.path) value = (value as Record<string | number, unknown> | undefined)?.[p as string | number];
  throw new FieldError(`${file}: scenes${path}`, value, i.message);
}

const ALL_MRAM = 'pw=mram&pa=mram&pe=mram&pg=mram';

export const DEFAULT_SCENES: Scene[] = [
  {
    title: '1. The SRAM baseline',
    caption:
      'A 32×32 systolic array trains ResNet-18 (batch 32) with a 4 MiB SRAM scratchpad. Every layer runs three GEMMs: forward, backward-data and weight-gradient. Where does the energy of one training step go? Compute, scratchpad reads and writes, leakage and DRAM traffic.',
    query: 'v=3&seed=1&net=resnet18&pw=sram&pa=sram&pe=sram&pg=sram&iso=capacity',
    panels: ['system'],
    show: ['net', 'batch'],
  },
  {
    title: '2. Swap in STT-MRAM at the same capacity',
    caption:
      'Same bytes, STT-MRAM cells: almost no cell leakage, but each write costs more energy and time, and the cell is as large as the access transistor that must drive its write current. At iso-capacity the ratio SRAM / MRAM is what this model gives for the chosen node and periphery; try the high-performance roadmap, where leakage dominates.',
    query: `v=3&seed=1&net=resnet18&${ALL_MRAM}&iso=capacity`,
    panels: ['array', 'system'],
    show: ['roadmap', 'cap'],
  },
  {
    title: '3. Iso-area: density buys capacity',
    caption:
      'With high-performance transistors the access transistor is narrow and the MRAM cell half the size of an SRAM cell: in the area of the SRAM, MRAM holds about twice the bytes. More of the training working set stays on chip and DRAM traffic falls, but the larger array also leaks and reads more. (With the low-power roadmap the wider transistor leaves MRAM no denser than SRAM.)',
    query: `v=3&seed=1&net=resnet18&${ALL_MRAM}&iso=area&roadmap=hp`,
    panels: ['array', 'system'],
    show: ['cap', 'iso'],
  },
  {
    title: '4. Relax the writes',
    caption:
      'A lower write voltage and a shorter pulse cut the energy of every write, but the write error rate climbs steeply: precessional switching needs time and current. Move the sliders and watch WER and the write energy saving against the nominal write.',
    query: 'v=3&seed=1&V=0.65&pulse=4ns',
    panels: ['device'],
    show: ['V', 'pulse'],
  },
  {
    title: '5. Which tensor class tolerates errors?',
    caption:
      'Real training runs, in this browser, with write errors injected into the stored activations, weights or back-propagated errors, one class at a time. The tolerance study shows where relaxed MRAM is safe and where it breaks training.',
    query: 'v=3&seed=1&ds=digits&model=mlp&epochs=8',
    panels: ['training'],
    show: ['ds', 'model', 'epochs'],
  },
  {
    title: '6. A heterogeneous design on the Pareto front',
    caption:
      'Keep the fragile class in reliable memory, relax the tolerant ones, protect the exponent bits: the energy-accuracy Pareto front shows which mixes are worth it. Click a point to load its configuration.',
    query: 'v=3&seed=1&net=mlp-digits&pw=mram&pa=relaxed&pe=relaxed&pg=mram&xw=sign-exp&V=0.65&pulse=4ns&epochs=8',
    panels: ['pareto', 'system'],
    show: ['pw', 'pa', 'pe', 'pg'],
  },
];

/** Control keys hidden in a scene: every control not listed in `show`. */
export function hiddenFor(scene: Scene): string[] {
  return CONTROL_KEYS.filter((k) => !scene.show.includes(k));
}
