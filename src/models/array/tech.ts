/**
 * Technology at a node: transistor and wire parameters interpolated between the tabulated nodes
 * (linear in the node for sizes and currents, geometric for leakage currents, as NVSim does).
 */
import {
  LAYOUT,
  NODE_TABLE,
  TABULATED_NODES_NM,
  WIRE_CONST,
  WIRE_TABLE,
  type NodeTech,
  type WireGeometry,
} from './params.ts';
import type { Roadmap } from './types.ts';

/** Resolved technology for one evaluation (SI). */
export interface Tech {
  /** Feature size F, m. */
  featureM: number;
  /** Node used for the node-stepped tables (current sense amplifier), nm. */
  nodeNm: number;
  vdd: number;
  vth: number;
  gateLengthM: number;
  /** Gate capacitance per width (ideal + overlap + 3 fringe), F/m. */
  capGatePerM: number;
  /** Junction capacitances at Vdd bias: bottom (F/m^2), side-wall and gate-edge (F/m). */
  capJunction: number;
  capSidewall: number;
  capGateEdge: number;
  capOx: number;
  mobilityN: number;
  mobilityP: number;
  pnRatio: number;
  resMultiplier: number;
  /** On currents per width at the operating temperature, A/m. */
  ionN: number;
  ionP: number;
  /** Off current per width at the operating temperature, A/m. */
  ioff: number;
  /** Local (in-array) wire resistance and capacitance per metre. */
  localResPerM: number;
  localCapPerM: number;
  /** Global (H-tree) wire resistance and capacitance per metre. */
  globalResPerM: number;
  globalCapPerM: number;
  /** Global wire pitch, m. */
  globalPitchM: number;
  /** Derived for fast buffer sizing: NMOS on-resistance x width (Ohm m). */
  rTimesW: number;
  /** Inverter input capacitance per metre of NMOS width (NMOS + PMOS gates), F/m. */
  cinPerWn: number;
  /** Inverter output (drain) capacitance: per metre of NMOS width (F/m) and fixed part (F). */
  coutPerWn: number;
  coutFixed: number;
  /** Horowitz beta = 1 / (R_on g_m) of an NMOS (width-independent). */
  betaN: number;
}

function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}
function gerp(a: number, b: number, t: number): number {
  return Math.pow(a, 1 - t) * Math.pow(b, t);
}

/** Value of a 300/350/400 K table at temperature T (linear, or geometric for leakage). */
function atTemp(v: readonly [number, number, number], tK: number, geometric: boolean): number {
  const x = (tK - 300) / 50;
  const i = x >= 1 ? 1 : 0;
  const t = x - i;
  return geometric ? gerp(v[i]!, v[i + 1]!, t) : lerp(v[i]!, v[i + 1]!, t);
}

/** Wire resistance per metre: rho / (thickness x width). */
export function wireResPerM(g: WireGeometry, temperatureK: number): number {
  const width = g.pitchM / 2;
  const thickness = g.aspectRatio * width;
  const rho = g.resistivityOhmM * (1 + WIRE_CONST.tempCoeffPerK * (temperatureK - 293));
  return rho / (thickness * width);
}

/** Wire capacitance per metre: two parallel plates (up/down) + two Miller-coupled side walls + fringe. */
export function wireCapPerM(g: WireGeometry): number {
  const width = g.pitchM / 2;
  const thickness = g.aspectRatio * width;
  const spacing = g.pitchM - width;
  const vertical = (2 * WIRE_CONST.eps0 * WIRE_CONST.epsVertical * width) / g.ildM;
  const side = (2 * WIRE_CONST.eps0 * WIRE_CONST.miller * g.epsHorizontal * thickness) / spacing;
  return vertical + side + WIRE_CONST.fringeFPerM;
}

function bracket(nodeNm: number): { lo: 22 | 32 | 45; hi: 22 | 32 | 45; t: number } {
  const nodes = TABULATED_NODES_NM;
  for (let i = 0; i < nodes.length - 1; i++) {
    const lo = nodes[i]!;
    const hi = nodes[i + 1]!;
    if (nodeNm <= hi) return { lo, hi, t: (nodeNm - lo) / (hi - lo) };
  }
  return { lo: 45, hi: 45, t: 0 };
}

/** Resolve technology at a node in [22, 45] nm, a roadmap and a temperature in [300, 400] K. */
export function resolveTech(nodeNm: number, roadmap: Roadmap, temperatureK: number): Tech {
  const { lo, hi, t } = bracket(nodeNm);
  const a: NodeTech = NODE_TABLE[lo][roadmap];
  const b: NodeTech = NODE_TABLE[hi][roadmap];
  const L = (k: keyof Omit<NodeTech, 'ionN' | 'ionP' | 'ioff'>): number => lerp(a[k], b[k], t);
  const vdd = L('vdd');
  const capIdealGate = L('capIdealGate');
  const capFringe = L('capFringe');
  const wa = WIRE_TABLE[lo];
  const wb = WIRE_TABLE[hi];
  const pj = LAYOUT.builtInPotentialV;
  const featureM = nodeNm * 1e-9;
  const capJunction = LAYOUT.cjBottom / Math.pow(1 + vdd / pj, 0.5);
  const capSidewall = LAYOUT.cjSidewall / Math.pow(1 + vdd / pj, 0.33);
  const capGateEdge = LAYOUT.cjGateEdge / Math.pow(1 + vdd / pj, 0.33);
  const pnRatio = L('pnRatio');
  const ionN = lerp(atTemp(a.ionN, temperatureK, false), atTemp(b.ionN, temperatureK, false), t);
  const resMultiplier = L('resMultiplier');
  const gateLengthM = L('gateLengthM');
  const mobilityN = L('mobilityN');
  const capOx = L('capOx');
  const vth = L('vth');
  const ld = LAYOUT.drainLengthF * featureM;
  const capGatePerM = capIdealGate * 1.2 + 3 * capFringe;
  const rTimesW = (resMultiplier * vdd) / ionN;
  const vdsat = Math.min((gateLengthM * 1e5) / mobilityN, vdd - vth);
  const gmPerW = ((mobilityN * capOx) / 2 / gateLengthM) * vdsat;
  return {
    rTimesW,
    cinPerWn: capGatePerM * (1 + pnRatio),
    coutPerWn: (capJunction * ld + capSidewall + capGateEdge) * (1 + pnRatio),
    coutFixed: 4 * ld * capSidewall,
    betaN: 1 / (rTimesW * gmPerW),
    featureM: nodeNm * 1e-9,
    nodeNm: t < 0.5 ? lo : hi,
    vdd,
    vth: L('vth'),
    gateLengthM: L('gateLengthM'),
    capGatePerM: capIdealGate * 1.2 + 3 * capFringe,
    capJunction: LAYOUT.cjBottom / Math.pow(1 + vdd / pj, 0.5),
    capSidewall: LAYOUT.cjSidewall / Math.pow(1 + vdd / pj, 0.33),
    capGateEdge: LAYOUT.cjGateEdge / Math.pow(1 + vdd / pj, 0.33),
    capOx: L('capOx'),
    mobilityN: L('mobilityN'),
    mobilityP: L('mobilityP'),
    pnRatio: L('pnRatio'),
    resMultiplier: L('resMultiplier'),
    ionN: lerp(atTemp(a.ionN, temperatureK, false), atTemp(b.ionN, temperatureK, false), t),
    ionP: lerp(atTemp(a.ionP, temperatureK, false), atTemp(b.ionP, temperatureK, false), t),
    ioff: gerp(atTemp(a.ioff, temperatureK, true), atTemp(b.ioff, temperatureK, true), t),
    localResPerM: lerp(wireResPerM(wa.local, temperatureK), wireResPerM(wb.local, temperatureK), t),
    localCapPerM: lerp(wireCapPerM(wa.local), wireCapPerM(wb.local), t),
    globalResPerM: lerp(wireResPerM(wa.global, temperatureK), wireResPerM(wb.global, temperatureK), t),
    globalCapPerM: lerp(wireCapPerM(wa.global), wireCapPerM(wb.global), t),
    globalPitchM: lerp(wa.global.pitchM, wb.global.pitchM, t),
  };
}
