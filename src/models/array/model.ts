/**
 * The array model: bank -> mats (2 x 2 sub-arrays each, all active, CACTI assumption) -> sub-arrays,
 * with row decoders, bit lines, column muxes, sense amplifiers, write drivers and an H-tree, and the
 * organisation search. Own code written from the published equations (NVSim TCAD 2012, CACTI 5.1,
 * Horowitz 1983, ICCAD'09 current sensing); SI units.
 */
import * as C from './circuits.ts';
import { CURRENT_SENSE as CURRENT_SENSE_P, LAYOUT as LAYOUT_P, SEARCH as SEARCH_P } from './params.ts';
import type { Tech } from './tech.ts';
import type { AccessBreakdown, ArrayOrganization, MemoryTech, OptTarget } from './types.ts';
import type { WritePath } from '../tech/types.ts';

// Local snapshots of imported bindings: the search calls these hundreds of times per evaluation.
const LAYOUT = { ...LAYOUT_P };
const SEARCH = SEARCH_P;
const CURRENT_SENSE = CURRENT_SENSE_P;
const { bufferChain, drainCap, gateCap, horowitz, inverterArea, onRes, transconductance, wireDelay } = C;

/** The cell as the array sees it after resolving the write source (SI). */
export interface ResolvedCell {
  tech: MemoryTech;
  /** Where the write current flows (registry): 'separate' = its own path, the read path carries only reads. */
  writePath: WritePath;
  areaF2: number;
  aspectRatio: number;
  /** Access transistor width, F. */
  accessWidthF: number;
  /** SRAM inverter widths, F. */
  sramNmosF: number;
  sramPmosF: number;
  /** MRAM low / high resistance (MTJ only), Ohm. */
  rOnOhm: number;
  rOffOhm: number;
  /** MRAM read voltage, V, and read power per cell, W. */
  readVoltageV: number;
  readPowerW: number;
  /** Cell write energy per bit, J (MRAM: the switching energy, without bit-line charging). */
  writeEnergyPerBitJ: number;
  /** Minimum sense voltage of the amplifier, V (MRAM; default 25 mV). */
  minSenseVoltageV?: number;
  /** Write pulse, s (MRAM). */
  writePulseS: number;
  /** Largest write current, A (MRAM). */
  writeCurrentA: number;
  /** Voltage the write driver charges the bit line to, V. */
  writeVoltageV: number;
}

/** One evaluated organisation (SI). */
export interface OrgEval {
  org: ArrayOrganization;
  areaM2: number;
  cellAreaM2: number;
  readLatencyS: number;
  writeLatencyS: number;
  readEnergyJ: number;
  writeEnergyJ: number;
  leakageW: number;
  /** Leakage of the cells alone, W (SRAM; 0 for MRAM), the rest is periphery. */
  cellLeakageW: number;
  readLatency: AccessBreakdown;
  readEnergy: AccessBreakdown;
  writeEnergy: AccessBreakdown;
}

/** Everything about a sub-array that depends only on (rows, cols, mux). */
interface SubarrayEval {
  widthM: number;
  heightM: number;
  /** Row decoder + word line: latency, energy per access, ramp at the word line. */
  decoderDelayS: number;
  decoderEnergyJ: number;
  /** Bit line (plus mux) read delay and the sense amplifier latency. */
  bitlineDelayS: number;
  senseDelayS: number;
  /** Read energy of bit lines, sense amplifiers and cells per sub-array access. */
  bitlineReadEnergyJ: number;
  senseEnergyJ: number;
  cellReadEnergyJ: number;
  /** Column mux decode energy and delay. */
  muxEnergyJ: number;
  muxDelayS: number;
  /** Write: periphery latency before the pulse (SRAM: whole write), energy of bit lines and cells. */
  writeDelayS: number;
  bitlineWriteEnergyJ: number;
  cellWriteEnergyJ: number;
  leakageW: number;
  /** Leakage by part: cells, row decoders, predecoders, column mux, sense amps, write drivers, precharge, W. */
  leak: {
    cell: number;
    rowDecoder: number;
    predecoder: number;
    mux: number;
    sense: number;
    writeDriver: number;
    precharge: number;
  };
}

function log2i(n: number): number {
  return Math.round(Math.log2(n));
}

/** Sense amplifier load capacitance (latch + isolation + mux devices), F. */
function senseAmpCap(t: Tech): number {
  const F = t.featureM;
  return (
    gateCap((LAYOUT.senseP + LAYOUT.senseN) * F, t) +
    drainCap(LAYOUT.senseN * F, t) +
    drainCap(LAYOUT.senseP * F, t) +
    drainCap(LAYOUT.senseIso * F, t) +
    drainCap(LAYOUT.senseMux * F, t)
  );
}

function currentSense(t: Tech): { latencyS: number; energyJ: number; leakageW: number } {
  const n = t.nodeNm as 22 | 32 | 45;
  return CURRENT_SENSE[n];
}

/** The part of a sub-array that does not depend on the column-mux degree. */
export interface SubarrayBase {
  rows: number;
  cols: number;
  lenWL: number;
  lenBL: number;
  rWL: number;
  cWL: number;
  rBL: number;
  cBL: number;
  wMux: number;
  decoderDelayS: number;
  decoderEnergyJ: number;
  rowDecoderLeakW: number;
  /** Predecoder (shared by the mat's sub-arrays): leakage, area, energy per access. */
  predecoderLeakW: number;
  predecoderAreaM2: number;
  predecoderEnergyJ: number;
  decoderWidthM: number;
  wordlineRamp: number;
  /** Sense amplifier: latency, energy, leakage and area per amplifier. */
  senseDelayS: number;
  senseEnergyPerSA: number;
  senseLeakPerSA: number;
  senseAreaPerSA: number;
  /** Read: bit-line delay; energy per column (SRAM: every column; MRAM: per sensed column). */
  bitlineDelayS: number;
  bitlineEnergyPerCol: number;
  /** Write driver per written column: delay (incl. bit-line charge), energy, leakage, area. */
  writeDriverDelayS: number;
  writeDriverEnergyJ: number;
  writeDriverLeakW: number;
  writeDriverAreaM2: number;
  /** Precharger (every sub-array, SRAM and MRAM) leakage and area for the whole sub-array. */
  prechargeLeakW: number;
  prechargeAreaM2: number;
  /** Precharge enable switching per column on a read (gates of the pull-ups and equaliser), J. */
  prechargeEnergyPerCol: number;
  cellLeakW: number;
}

/** Sub-array parts independent of the mux degree; null when the sub-array cannot be built. */
export function prepareSubarray(t: Tech, cell: ResolvedCell, rows: number, cols: number): SubarrayBase | null {
  const F = t.featureM;
  const v = t.vdd;
  const v2 = v * v;
  const minW = LAYOUT.minNmosF * F;
  const maxW = LAYOUT.maxNmosF * F;
  const cellW = Math.sqrt(cell.areaF2 / cell.aspectRatio) * F;
  const cellH = Math.sqrt(cell.areaF2 * cell.aspectRatio) * F;
  const wAcc = cell.accessWidthF * F;
  const isSram = cell.tech === 'sram';

  // MRAM: unselected cells leak into the bit line; the line may not be longer than Ion/Ioff allows.
  if (!isSram && t.ionN / t.ioff < rows) return null;

  // Word line and bit line RC.
  const lenWL = cols * cellW;
  const lenBL = rows * cellH;
  const rWL = lenWL * t.localResPerM;
  const cWL = lenWL * t.localCapPerM + cols * (isSram ? 2 : 1) * gateCap(wAcc, t);
  const rBL = lenBL * t.localResPerM;

  // Column mux / isolation pass transistor sized for the largest bit-line current. A cell with a write path
  // of its own (SOT) has a read bit line that carries only the read current; its write bit line has its own
  // driver per column, sized below for the write current.
  const maxBitlineCurrent = isSram
    ? t.ionN * wAcc
    : cell.writePath === 'separate'
      ? cell.readVoltageV / Math.max(1, cell.rOnOhm)
      : cell.writeCurrentA;
  const wMux = Math.max(minW, maxBitlineCurrent / t.ionN);
  if (wMux > maxW) return null;
  const cBL = lenBL * t.localCapPerM + (rows / 2) * drainCap(wAcc, t) + drainCap(wMux, t);

  // Row decoder: NAND2 of two predecoded lines, then a buffer chain onto the word line.
  const wNandN = 2 * minW;
  const wNandP = t.pnRatio * minW;
  const gNand = (2 + t.pnRatio) / (1 + t.pnRatio);
  const driverInputCap = t.cinPerWn * minW;
  const nandTau = onRes(wNandN, t) * 2 * (drainCap(wNandN, t) + 2 * drainCap(wNandP, t) + driverInputCap);
  const nand = horowitz(nandTau, 1 / (onRes(wNandN, t) * transconductance(wNandN, t)), Infinity);
  const drv = bufferChain(t, cWL, rWL, nand.rampOut, { logicalEffort: gNand });
  const rowDecLeak = LAYOUT.nand2LeakRatio * 2 * wNandP * t.ioff * v + drv.leakageW;
  const rowDecWidth = (inverterArea(wNandN, t) * 1.5 + drv.areaM2) / cellH;

  // Predecoders: groups of two address bits -> 4 lines running along the decoder.
  const addrBits = log2i(rows);
  const groups = Math.max(1, Math.ceil(addrBits / 2));
  const linesPerGroup = 4;
  const rowsPerLine = rows / linesPerGroup;
  const cPre = lenBL * t.localCapPerM + rowsPerLine * gateCap(wNandN + wNandP, t);
  const pre = bufferChain(t, cPre, lenBL * t.localResPerM, Infinity);
  const predecoderLeak = groups * linesPerGroup * pre.leakageW;
  const predecoderArea = groups * linesPerGroup * pre.areaM2;

  const decoderDelayS = pre.delayS + nand.delayS + drv.delayS;
  const decoderEnergyJ = (drainCap(wNandN, t) + driverInputCap) * v2 + drv.energyJ;

  // Sense amplifier: latch (+ I-V converter for current sensing, [NVSim] HSPICE table).
  const cSA = senseAmpCap(t);
  const gmSA = transconductance(LAYOUT.senseN * F, t) + transconductance(LAYOUT.senseP * F, t, true);
  const vSense = isSram ? LAYOUT.minSenseVoltageV : (cell.minSenseVoltageV ?? LAYOUT.mramMinSenseVoltageV);
  let senseDelayS = (cSA / gmSA) * Math.log(v / vSense);
  let senseEnergyPerSA = cSA * v2;
  let senseLeakPerSA = LAYOUT.senseEn * F * t.ioff * v;
  let senseAreaPerSA =
    inverterArea(LAYOUT.senseN * F, t) * 2 +
    inverterArea(LAYOUT.senseP * F, t) +
    inverterArea(LAYOUT.senseIso * F, t) * 0.5;
  if (!isSram) {
    const cs = currentSense(t);
    senseDelayS += cs.latencyS;
    senseEnergyPerSA += cs.energyJ;
    senseLeakPerSA += cs.leakageW;
    senseAreaPerSA += LAYOUT.ivConverterAreaF2 * F * F;
  }

  // Bit-line read.
  let bitlineDelayS: number;
  let bitlineEnergyPerCol: number;
  if (isSram) {
    // Cell current through access + pull-down in series discharges the bit line by the sense swing.
    const rCell = onRes(wAcc, t) + onRes(cell.sramNmosF * F, t);
    const tau = (rCell + rBL / 2) * cBL;
    const vPre = v / 2; // NVSim convention: SRAM bit lines read around Vdd/2
    bitlineDelayS = tau * Math.log(vPre / (vPre - vSense));
    bitlineEnergyPerCol = cBL * vPre * vPre;
  } else {
    // Current sensing with a clamped bit line (ICCAD'09): tau = Rbl Cbl/2 (Rcell + Rbl/3)/(Rcell + Rbl).
    const rCell = cell.rOffOhm + onRes(wAcc, t);
    const tau = ((rBL * cBL) / 2) * ((rCell + rBL / 3) / (rCell + rBL));
    bitlineDelayS = horowitz(tau, 0, drv.rampOut).delayS;
    bitlineEnergyPerCol = cBL * cell.readVoltageV * cell.readVoltageV;
  }

  // Write driver per written column.
  let writeDriverDelayS: number;
  let writeDriverEnergyJ: number;
  let writeDriverLeakW: number;
  let writeDriverAreaM2: number;
  if (isSram) {
    const wd = bufferChain(t, cBL, rBL, Infinity);
    writeDriverDelayS = wd.delayS;
    // The written column swings fully (the chain energy includes its load, the bit line).
    writeDriverEnergyJ = wd.energyJ;
    writeDriverLeakW = wd.leakageW;
    writeDriverAreaM2 = wd.areaM2;
  } else {
    // Write driver sized for the write current, charging the bit line to the write voltage.
    const wWD = Math.max(minW, cell.writeCurrentA / t.ionN);
    if (wWD > maxW) return null;
    const wd = bufferChain(t, cBL, rBL, Infinity, { minDriveCurrentA: cell.writeCurrentA });
    writeDriverDelayS = wd.delayS + wireDelay(onRes(wWD, t), rBL, cBL, 0);
    const vw = cell.writeVoltageV;
    writeDriverEnergyJ = wd.energyJ - cBL * v2 + cBL * vw * vw;
    writeDriverLeakW = wd.leakageW;
    writeDriverAreaM2 = wd.areaM2;
  }

  // Precharge and equalise ([CACTI] / [NVSim] Precharger, present in every sub-array, SRAM and MRAM):
  // per column two fixed 6 F PMOS pull-ups and a minimum equaliser, enabled by a minimum inverter. A
  // precharger is one device per bit line (its width sets the precharge time, hidden before the access),
  // not a buffer chain sized for the line. Pull-ups and enable inverter leak from Vdd.
  const wPre = LAYOUT.prechargePmosF * F;
  const pmosArea = (w: number): number => (w + LAYOUT.gateOverheadHeightF * F) * (2 * LAYOUT.drainLengthF + 1) * F;
  const prechargeLeakW = cols * (wPre + minW * t.pnRatio) * t.ioff * v;
  const prechargeAreaM2 = cols * (2 * pmosArea(wPre) + pmosArea(minW) + inverterArea(minW, t));
  // Each SRAM read the enable line switches the column's inverter (input, output) and the gates it drives
  // (NVSim counts this, not the bit-line recharge, and nothing on a write). The MRAM read energy counts the
  // bit-line charge to the clamped read voltage instead.
  const prechargeEnergyPerCol =
    (gateCap(2 * wPre + minW, t) + t.cinPerWn * minW + t.coutPerWn * minW + cellW * t.localCapPerM) * v2;

  const cellLeakW = isSram
    ? rows * cols * (2 * Math.max(cell.sramNmosF, cell.sramPmosF) + cell.accessWidthF) * F * t.ioff * v
    : 0;

  return {
    rows,
    cols,
    lenWL,
    lenBL,
    rWL,
    cWL,
    rBL,
    cBL,
    wMux,
    decoderDelayS,
    decoderEnergyJ,
    rowDecoderLeakW: rows * rowDecLeak,
    predecoderLeakW: predecoderLeak,
    predecoderAreaM2: predecoderArea,
    predecoderEnergyJ: groups * pre.energyJ,
    decoderWidthM: rowDecWidth,
    wordlineRamp: drv.rampOut,
    senseDelayS,
    senseEnergyPerSA,
    senseLeakPerSA,
    senseAreaPerSA,
    bitlineDelayS,
    bitlineEnergyPerCol,
    writeDriverDelayS,
    writeDriverEnergyJ,
    writeDriverLeakW,
    writeDriverAreaM2,
    prechargeLeakW,
    prechargeAreaM2,
    prechargeEnergyPerCol,
    cellLeakW,
  };
}

/** Complete a sub-array for a column-mux degree (cols/mux bits per access). */
export function finishSubarray(t: Tech, cell: ResolvedCell, b: SubarrayBase, mux: number): SubarrayEval {
  const bits = b.cols / mux;
  const isSram = cell.tech === 'sram';
  const v = t.vdd;

  // Column mux decoder: one of `mux` select lines switches, loading `bits` pass gates along the row.
  let muxEnergyJ = 0;
  let muxDelayS = 0;
  let muxLeak = 0;
  let muxArea = 0;
  if (mux > 1) {
    const cSel = bits * gateCap(b.wMux, t) + b.lenWL * t.localCapPerM;
    const sel = bufferChain(t, cSel, b.rWL, Infinity);
    muxEnergyJ = sel.energyJ;
    muxDelayS = sel.delayS;
    muxLeak = mux * sel.leakageW;
    muxArea = mux * sel.areaM2 + b.cols * inverterArea(b.wMux, t) * 0.5;
  }

  let bitlineReadEnergyJ: number;
  let cellReadEnergyJ = 0;
  let bitlineWriteEnergyJ: number;
  let cellWriteEnergyJ = 0;
  let writeDelayS: number;
  if (isSram) {
    // Every column of the open row swings on a read (half-Vdd convention of NVSim).
    bitlineReadEnergyJ = (b.bitlineEnergyPerCol + b.prechargeEnergyPerCol) * b.cols;
    // On a write the written columns swing fully and the other columns of the open row as on a read.
    bitlineWriteEnergyJ = b.writeDriverEnergyJ * bits + b.cBL * (v / 2) * (v / 2) * (b.cols - bits);
    // Writing flips the cell through the same word line and bit line a read uses: the write is taken as
    // symmetric with the read (decoder, bit line, sense), as NVSim does, or the driver path if slower.
    writeDelayS = Math.max(b.decoderDelayS + b.bitlineDelayS + b.senseDelayS, muxDelayS + b.writeDriverDelayS);
  } else {
    bitlineReadEnergyJ = b.bitlineEnergyPerCol * bits;
    // Cell and reference cell draw the read power while the amplifier senses.
    cellReadEnergyJ = 2 * cell.readPowerW * b.senseDelayS * bits;
    bitlineWriteEnergyJ = b.writeDriverEnergyJ * bits;
    cellWriteEnergyJ = cell.writeEnergyPerBitJ * bits;
    writeDelayS = Math.max(b.decoderDelayS, muxDelayS + b.writeDriverDelayS) + cell.writePulseS;
  }

  const leak = {
    cell: b.cellLeakW,
    rowDecoder: b.rowDecoderLeakW,
    predecoder: 0,
    mux: muxLeak,
    sense: bits * b.senseLeakPerSA,
    writeDriver: bits * b.writeDriverLeakW,
    precharge: b.prechargeLeakW,
  };
  const leakageW =
    leak.cell + leak.rowDecoder + leak.predecoder + leak.mux + leak.sense + leak.writeDriver + leak.precharge;

  // Layout: cells with the decoder at the side; sense amps, write drivers, precharge and mux below.
  const peripheryBelowArea = bits * (b.senseAreaPerSA + b.writeDriverAreaM2) + b.prechargeAreaM2 + muxArea;
  return {
    widthM: b.lenWL + b.decoderWidthM,
    heightM: b.lenBL + peripheryBelowArea / b.lenWL,
    decoderDelayS: b.decoderDelayS,
    decoderEnergyJ: b.decoderEnergyJ,
    bitlineDelayS: b.bitlineDelayS,
    senseDelayS: b.senseDelayS,
    bitlineReadEnergyJ,
    senseEnergyJ: b.senseEnergyPerSA * bits,
    cellReadEnergyJ,
    muxEnergyJ,
    muxDelayS,
    writeDelayS,
    bitlineWriteEnergyJ,
    cellWriteEnergyJ,
    leakageW,
    leak,
  };
}

/** Evaluate one sub-array of `rows` x `cols` cells delivering cols/mux bits per access. */
export function evaluateSubarray(
  t: Tech,
  cell: ResolvedCell,
  rows: number,
  cols: number,
  mux: number,
): SubarrayEval | null {
  const b = prepareSubarray(t, cell, rows, cols);
  return b ? finishSubarray(t, cell, b, mux) : null;
}

/** H-tree between the bank port and the active mats. */
interface HtreeEval {
  /** One-way latency from the port to a mat (address or data), s. */
  latencyS: number;
  /** Energy to send the address to the active mats, J. */
  addressEnergyJ: number;
  /** Energy to move one word between the port and the active mats, J. */
  dataEnergyJ: number;
  leakageW: number;
  areaM2: number;
}

/**
 * H-tree over a leafRows x leafCols grid of leaves (mats) of size leafW x leafH, rooted at the bank centre.
 * Horizontal levels have lengths bankW/2, bankW/4, ..., leafW and vertical levels bankH/4, ..., leafH/2
 * (the NVSim/CACTI H-tree geometry). Wires are unrepeated global wires on the top metal layers (no
 * silicon area) with ideal drivers at each branching: each level settles in ln(10) x the Elmore delay
 * r c L^2 / 2 (90 % swing) and costs c L Vdd^2 per switching wire. Where more than one leaf is active the
 * data bits split between the branches; otherwise one address bit is decoded per level.
 */
export function evaluateHtree(
  t: Tech,
  leafW: number,
  leafH: number,
  leafRows: number,
  leafCols: number,
  activeLeaves: number,
  addressBits: number,
  dataBits: number,
): HtreeEval {
  const cv2 = t.globalCapPerM * t.vdd * t.vdd;
  const halfLn10Rc = (LN10 * t.globalResPerM * t.globalCapPerM) / 2;
  let h = 31 - Math.clz32(leafCols);
  let v = 31 - Math.clz32(leafRows);
  // Current wire length of each direction's next level (halved as the tree descends).
  let lenH = h > 0 ? leafW * (1 << (h - 1)) : 0;
  let lenV = v > 0 ? (leafH / 2) * (1 << (v - 1)) : 0;
  let sumLen2 = 0;
  let addressEnergyJ = 0;
  let dataEnergyJ = 0;
  let branches = 1;
  let active = activeLeaves;
  let addr = addressBits;
  let data = dataBits;
  let first = true;
  while (h > 0 || v > 0) {
    // Alternate directions from the root, spending the surplus levels of the longer direction first.
    let len: number;
    if (h > 0 && (h >= v || v === 0)) {
      len = lenH;
      lenH /= 2;
      h--;
    } else {
      len = lenV;
      lenV /= 2;
      v--;
    }
    if (!first) {
      if (active > 1) {
        active /= 2;
        branches *= 2;
        data = data > 2 ? data / 2 : 1;
      } else if (addr > 1) {
        addr--;
      }
    }
    first = false;
    sumLen2 += len * len;
    const eWire = branches * len * cv2;
    addressEnergyJ += addr * eWire;
    dataEnergyJ += data * eWire;
  }
  const latencyS = halfLn10Rc * sumLen2;
  return { latencyS, addressEnergyJ, dataEnergyJ, leakageW: 0, areaM2: 0 };
}

const LN10 = Math.log(10);
const LOG2_ASPECT = Math.log2(LAYOUT.maxBankAspect);
const POW2 = Array.from({ length: 31 }, (_, i) => 2 ** i);

/** Score of an evaluated organisation for an optimisation target (smaller is better). */
export function score(e: OrgEval, target: OptTarget): number {
  return scoreOf(e, target);
}

type Scored = Pick<Metrics, 'readLatencyS' | 'readEnergyJ' | 'writeLatencyS' | 'writeEnergyJ' | 'areaM2' | 'leakageW'>;

function scoreOf(e: Scored, target: OptTarget): number {
  switch (target) {
    case 'read-edp':
      return e.readLatencyS * e.readEnergyJ;
    case 'read-latency':
      return e.readLatencyS;
    case 'write-edp':
      return e.writeLatencyS * e.writeEnergyJ;
    case 'area':
      return e.areaM2;
    case 'leakage':
      return e.leakageW;
  }
}

export interface SearchInput {
  tech: Tech;
  cell: ResolvedCell;
  capacityBits: number;
  wordBits: number;
  banks: number;
  target: OptTarget;
  /** Only sub-arrays of this shape. */
  fixedSubarray?: { rows: number; cols: number } | undefined;
}

/** Search all organisations; returns the best, or null with the reason none was feasible. */
export function searchOrganization(s: SearchInput): { best: OrgEval | null; tried: number; feasible: number } {
  const { tech: t, cell, capacityBits, wordBits, banks, target } = s;
  const bankBits = capacityBits / banks;
  const perMat = SEARCH.subarraysPerMat;
  const isSram = cell.tech === 'sram';
  const addressBits = Math.max(1, log2i(bankBits / wordBits));
  const bankAddressBits = log2i(banks);
  const cellAreaM2 = capacityBits * cell.areaF2 * t.featureM * t.featureM;
  let bestScore = Infinity;
  let bestArgs: AssembleArgs | null = null;
  let bestSub: SubarrayEval | null = null;
  let bestBase: SubarrayBase | null = null;
  const args: AssembleArgs = {
    rows: 0,
    cols: 0,
    mux: 0,
    mats: 0,
    matRows: 0,
    matCols: 0,
    activeMats: 0,
    banks,
    addressBits,
    bankAddressBits,
    wordBits,
    matW: 0,
    matH: 0,
    cellAreaM2,
  };
  const M: Metrics = { ...ZERO_METRICS };
  let tried = 0;
  let feasible = 0;
  const baseCache = new Map<number, SubarrayBase | null>();
  const rowList = s.fixedSubarray ? [s.fixedSubarray.rows] : SEARCH.rows;
  const colList = s.fixedSubarray ? [s.fixedSubarray.cols] : SEARCH.cols;
  for (const rows of rowList) {
    for (const cols of colList) {
      const subBits = rows * cols;
      const mats = bankBits / (subBits * perMat);
      if (mats < 1 || !Number.isInteger(mats)) continue;
      for (let activeMats = 1; activeMats <= mats; activeMats *= 2) {
        const bitsPerSub = wordBits / (activeMats * perMat);
        if (bitsPerSub < 1 || !Number.isInteger(bitsPerSub) || bitsPerSub > cols) continue;
        const mux = cols / bitsPerSub;
        if (mux > SEARCH.maxMux) continue;
        if (!isSram && mux < 2) continue; // current-sense amplifier needs two columns of pitch
        tried++;
        const key = rows * 8192 + cols;
        let base = baseCache.get(key);
        if (base === undefined) {
          base = prepareSubarray(t, cell, rows, cols);
          baseCache.set(key, base);
        }
        if (!base) continue;
        const sub = finishSubarray(t, cell, base, mux);
        // A mat: 2 x 2 sub-arrays around a shared predecoder block.
        const matH = 2 * sub.heightM;
        const matW = 2 * sub.widthM + base.predecoderAreaM2 / matH;
        const k = log2i(mats);
        // Mat grids: every rows x columns split of the mat count within the bank aspect-ratio limit (NVSim
        // searches the mat rows and columns independently; with short, wide mats the best H-tree is tall).
        // Bank aspect (matW / matH) 2^(k - 2 kr) within [1/A, A] bounds kr directly.
        const lr = Math.log2(matW / matH);
        const krLo = k === 0 ? 0 : Math.max(0, Math.ceil((k + lr - LOG2_ASPECT) / 2 - 1e-9));
        const krHi = k === 0 ? 0 : Math.min(k, Math.floor((k + lr + LOG2_ASPECT) / 2 + 1e-9));
        for (let kr = krLo; kr <= krHi; kr++) {
          const matRows = POW2[kr]!;
          const matCols = POW2[k - kr]!;
          const bw = matW * matCols;
          const bh = matH * matRows;
          const aspect = Math.max(bw / bh, bh / bw);
          if (aspect > LAYOUT.maxBankAspect && k > 0) continue;
          args.rows = rows;
          args.cols = cols;
          args.mux = mux;
          args.mats = mats;
          args.matRows = matRows;
          args.matCols = matCols;
          args.activeMats = activeMats;
          args.matW = matW;
          args.matH = matH;
          // Score from the bare metrics; the full result is built once, for the winner.
          metrics(t, sub, base, args, M);
          feasible++;
          const sc = scoreOf(M, target);
          if (sc < bestScore) {
            bestScore = sc;
            bestArgs = { ...args };
            bestSub = sub;
            bestBase = base;
          }
        }
      }
    }
  }
  const best = bestArgs && bestSub && bestBase ? assemble(t, bestSub, bestBase, bestArgs) : null;
  return { best, tried, feasible };
}

interface AssembleArgs {
  rows: number;
  cols: number;
  mux: number;
  mats: number;
  matRows: number;
  matCols: number;
  activeMats: number;
  banks: number;
  addressBits: number;
  bankAddressBits: number;
  wordBits: number;
  matW: number;
  matH: number;
  cellAreaM2: number;
}

/** The bare figures of one organisation (SI), everything the search scores. */
interface Metrics {
  areaM2: number;
  readLatencyS: number;
  writeLatencyS: number;
  readEnergyJ: number;
  writeEnergyJ: number;
  leakageW: number;
  cellLeakageW: number;
  routeInS: number;
  htreeEnergyJ: number;
  decoderEnergyJ: number;
  readBitlineJ: number;
  readSenseJ: number;
  muxEnergyJ: number;
  writeBitlineJ: number;
  writeCellJ: number;
}

const ZERO_METRICS: Metrics = {
  areaM2: 0,
  readLatencyS: 0,
  writeLatencyS: 0,
  readEnergyJ: 0,
  writeEnergyJ: 0,
  leakageW: 0,
  cellLeakageW: 0,
  routeInS: 0,
  htreeEnergyJ: 0,
  decoderEnergyJ: 0,
  readBitlineJ: 0,
  readSenseJ: 0,
  muxEnergyJ: 0,
  writeBitlineJ: 0,
  writeCellJ: 0,
};

function metrics(t: Tech, sub: SubarrayEval, base: SubarrayBase, a: AssembleArgs, m: Metrics): void {
  const perMat = SEARCH.subarraysPerMat;
  const activeSubs = a.activeMats * perMat;
  // The H-tree runs from the bank centre down to the mats (inside a mat the 2 x 2 sub-arrays abut the
  // shared predecoder; NVSim counts no routing there either).
  const ht = evaluateHtree(t, a.matW, a.matH, a.matRows, a.matCols, a.activeMats, a.addressBits, a.wordBits);
  const bankW = a.matW * a.matCols;
  const bankH = a.matH * a.matRows;
  const bankArea = bankW * bankH + ht.areaM2;
  let topLatency = 0;
  let topAddrEnergy = 0;
  let topDataEnergy = 0;
  let topLeak = 0;
  let topArea = 0;
  if (a.banks > 1) {
    const side = Math.sqrt(bankArea);
    const bk = log2i(a.banks);
    const br = 2 ** Math.floor(bk / 2);
    const bc = a.banks / br;
    const top = evaluateHtree(t, side, side, br, bc, 1, a.bankAddressBits + a.addressBits, a.wordBits);
    topLatency = top.latencyS;
    topAddrEnergy = top.addressEnergyJ;
    topDataEnergy = top.dataEnergyJ;
    topLeak = top.leakageW;
    topArea = top.areaM2;
  }
  const routeIn = ht.latencyS + topLatency;

  // Address in, row decode (the column-mux decode runs in parallel), bit line, sense, data out.
  m.readLatencyS = routeIn + sub.decoderDelayS + sub.bitlineDelayS + sub.senseDelayS + routeIn;
  m.writeLatencyS = routeIn + sub.writeDelayS;
  m.routeInS = routeIn;

  const htreeRead = ht.addressEnergyJ + ht.dataEnergyJ + topAddrEnergy + topDataEnergy;
  const decoderE = activeSubs * sub.decoderEnergyJ + a.activeMats * base.predecoderEnergyJ;
  const readBitline = activeSubs * sub.bitlineReadEnergyJ;
  const readSense = activeSubs * (sub.senseEnergyJ + sub.cellReadEnergyJ);
  const muxE = activeSubs * sub.muxEnergyJ;
  m.readEnergyJ = htreeRead + decoderE + readBitline + readSense + muxE;

  const writeBitline = activeSubs * sub.bitlineWriteEnergyJ;
  const writeCell = activeSubs * sub.cellWriteEnergyJ;
  m.writeEnergyJ = htreeRead + decoderE + writeBitline + writeCell + muxE;
  m.htreeEnergyJ = htreeRead;
  m.decoderEnergyJ = decoderE;
  m.readBitlineJ = readBitline;
  m.readSenseJ = readSense;
  m.muxEnergyJ = muxE;
  m.writeBitlineJ = writeBitline;
  m.writeCellJ = writeCell;

  m.leakageW = a.banks * (a.mats * (perMat * sub.leakageW + base.predecoderLeakW) + ht.leakageW) + topLeak;
  m.cellLeakageW = a.banks * a.mats * perMat * sub.leak.cell;
  m.areaM2 = a.banks * bankArea + topArea;
}

function assemble(t: Tech, sub: SubarrayEval, base: SubarrayBase, a: AssembleArgs): OrgEval {
  const perMat = SEARCH.subarraysPerMat;
  const m: Metrics = { ...ZERO_METRICS };
  metrics(t, sub, base, a, m);
  const routeIn = m.routeInS;
  const htreeRead = m.htreeEnergyJ;
  const decoderE = m.decoderEnergyJ;
  const readBitline = m.readBitlineJ;
  const readSense = m.readSenseJ;
  const muxE = m.muxEnergyJ;
  const writeBitline = m.writeBitlineJ;
  const writeCell = m.writeCellJ;
  const { areaM2, readLatencyS, writeLatencyS, readEnergyJ, writeEnergyJ, leakageW } = m;

  return {
    org: {
      banks: a.banks,
      matsPerBank: a.mats,
      matRows: a.matRows,
      matCols: a.matCols,
      subarraysPerMat: perMat,
      subarrayRows: a.rows,
      subarrayCols: a.cols,
      muxDegree: a.mux,
      activeMats: a.activeMats,
    },
    areaM2,
    cellAreaM2: a.cellAreaM2,
    readLatencyS,
    writeLatencyS,
    readEnergyJ,
    writeEnergyJ,
    leakageW,
    cellLeakageW: m.cellLeakageW,
    readLatency: {
      htree: 2 * routeIn,
      decoder: sub.decoderDelayS,
      bitline: sub.bitlineDelayS,
      senseOrCell: sub.senseDelayS,
      other: 0,
    },
    readEnergy: { htree: htreeRead, decoder: decoderE, bitline: readBitline, senseOrCell: readSense, other: muxE },
    writeEnergy: { htree: htreeRead, decoder: decoderE, bitline: writeBitline, senseOrCell: writeCell, other: muxE },
  };
}
