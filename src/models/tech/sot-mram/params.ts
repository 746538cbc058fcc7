/**
 * SOT-MRAM parameters: a three-terminal cell (2T-1MTJ) whose perpendicular free layer sits on a beta-W
 * heavy-metal (HM) line; the write current flows along the line (spin-Hall torque), not through the
 * tunnel barrier, and the read goes through the MTJ on its own transistor. SI units; one citation a line.
 *
 * Sources:
 * - [Lee2013] K.-S. Lee, S.-W. Lee, B.-C. Min, K.-J. Lee, "Threshold current for switching of a perpendicular
 *   magnetic layer induced by spin Hall effect", APL 102, 112410 (2013): J_c0 = (2e/hbar)(Ms t_F/theta_SH)
 *   (H_K/2 - H_x/sqrt 2) for a perpendicular layer under an in-plane field H_x along the current.
 * - [Pai2012] C.-F. Pai, L. Liu, Y. Li, H. W. Tseng, D. C. Ralph, R. A. Buhrman, "Spin transfer torque devices
 *   utilizing the giant spin Hall effect of tungsten", APL 101, 122404 (2012) (arXiv:1208.1711): beta-W
 *   |theta_SH| = 0.30 +- 0.02 (ST-FMR; 0.33 +- 0.06 from switching); beta-W resistivity of order 260 uOhm cm.
 * - [BetaW2015] "Beta (beta) tungsten thin films: structure, electron transport, and giant spin Hall effect",
 *   APL 106(18) (2015), doi:10.1063/1.4919867: sputtered W is beta phase as deposited from 3.0 to 26.7 nm.
 * - [Liu2012] L. Liu et al., "Spin-torque switching with the giant spin Hall effect of tantalum", Science 336,
 *   555 (2012): SOT switching thermally activated below I_c0, barrier lowered linearly in I / I_c0.
 * - [Liu2012b] L. Liu, O. J. Lee, T. J. Gudmundsen, D. C. Ralph, R. A. Buhrman, PRL 109, 096602 (2012):
 *   deterministic SOT switching of a perpendicular layer needs an in-plane field of order 10 mT.
 * - [Oboril2015] F. Oboril, R. Bishnoi, M. Ebrahimi, M. B. Tahoori, "Evaluation of hybrid memory technologies
 *   using SOT-MRAM for on-chip cache hierarchy", IEEE TCAD 34(3), 367 (2015): the 2T-1MTJ SOT cell
 *   (separate read and write transistors) used for NVSim-style SOT arrays.
 * - [NVSim] Dong et al., IEEE TCAD 31(7), 2012: sample_STTRAM.cell, 54 F^2 for one 8 F access transistor.
 * - The free layer (diameter, thickness, Ms, Delta) is the device layer's default pMTJ (Ikeda et al., Nat.
 *   Mater. 9, 721 (2010); src/models/device/params.ts), so STT and SOT compare on the same magnet.
 */
import { defaultDeviceParams } from '../../device/index.ts';
import { PHYS } from '../../units.ts';
import type { CellSpec } from '../types.ts';

export const SOT_PARAMS = {
  /** Spin Hall angle of the beta-W line (dimensionless). [Pai2012] */
  spinHallAngle: 0.3,
  /** Resistivity of beta-W, Ohm m (260 uOhm cm; the order reported for Pai2012's films, not re-read here). [Pai2012] */
  hmResistivityOhmM: 260e-8,
  /** HM line thickness, m (assumption, a few nm as in SOT stacks; beta-W exists from 3 nm up, [BetaW2015]). */
  hmThicknessM: 4e-9,
  /** HM line width, m: as wide as the MTJ pillar (assumption; the track must at least cover the pillar). */
  hmWidthM: defaultDeviceParams.diameterM,
  /** HM line length between the write terminals, m (assumption: the pillar plus one contact each side, 3 d). */
  hmLengthM: 3 * defaultDeviceParams.diameterM,
  /** In-plane bias field along the current, A/m (20 mT; order of the ~10 mT of Liu2012b; modelling choice). */
  inPlaneFieldAPerM: 20e-3 / PHYS.mu0,
  /** The free layer: the device layer's default pMTJ (same magnet as the STT cell). */
  freeLayer: defaultDeviceParams,
  /** On-resistance of the write transistor, Ohm (the device layer's access-transistor default, 1.5 kOhm). */
  writeAccessOhm: defaultDeviceParams.accessResistanceOhm,
  /** Reference temperature of the figures above, K. */
  referenceTemperatureK: 300,
  /**
   * The SOT write point: drive voltage across HM line + write transistor, and pulse (design choice, not a
   * published figure: 1 ns, and 1.25 V, about 1.25 x the critical current at 300 K; see the tests).
   */
  nominalWrite: { voltageV: 1.25, pulseWidthS: 1e-9 },
} as const;

/**
 * The 2T-1MTJ SOT cell [Oboril2015] laid out with NVSim's 1T-1MTJ rule [NVSim]: each access transistor of
 * width 8 F takes the 54 F^2 footprint of sample_STTRAM.cell (height 5.4 F x width 10 F, aspect 0.54); the two
 * transistors (read, write) sit side by side along the word line: 2 x 54 = 108 F^2, height 5.4 F x width
 * 20 F, aspect 5.4 / 20 = 0.27. The MTJ and HM line sit above the transistors (no extra silicon area).
 */
export const SOT_CELL: CellSpec = {
  memCellType: 'MRAM',
  areaF2: 108,
  aspectRatio: 0.27,
  readMode: 'current',
  minSenseVoltageV: 0.025,
  accessType: 'CMOS',
  accessCmosWidthF: 8,
  fileName: 'sot_2t1mtj.cell',
};
