/**
 * Diving rules in code: dive numbers, degree of difficulty, judge-panel arithmetic and award bands.
 * Pure functions, no UI and no I/O; shared by the app, the simulator and the trainer.
 */
export {
  GROUP_NAMES,
  InvalidDiveNumberError,
  POSITION_NAMES,
  formatDiveName,
  formatHalves,
  isValidDiveNumber,
  parseDiveNumber,
} from './diveNumber.ts';
export type { DiveGroup, DiveNameParts, DiveNumber, Direction, Entry, Position } from './diveNumber.ts';

export { CURRENT_EDITION, DD_EDITIONS, EDITION_IDS, HEIGHTS, apparatusOf, getEdition, heightFromMetres, heightMetres } from './ddTables.ts';
export type { Apparatus, DdEdition, EditionId, Height } from './ddTables.ts';

export { degreeOfDifficulty, degreeOfDifficultyDetailed } from './difficulty.ts';
export type { DdBasis, DdComponents, DdOptions, DdProvenance, DdResult } from './difficulty.ts';

export { AWARD_BANDS, AWARD_MAX, AWARD_MIN, InvalidAwardError, assertValidAward, awardBand, awardProblem, isValidAward } from './awards.ts';
export type { AwardBand } from './awards.ts';

export {
  InvalidPanelError,
  awardForScore,
  panelBreakdown,
  panelScore,
  scoreBounds,
  scoreForAward,
  synchronisedPanelBreakdown,
  synchronisedPanelScore,
} from './panel.ts';
export type { AwardForScore, AwardForScoreOptions, PanelBreakdown, PanelOptions, SynchronisedAwards } from './panel.ts';

export {
  AWARD_DISAGREEMENT,
  EXECUTION_ITEM_IDS,
  EXECUTION_RULES,
  UNSEEN_FAULTS_ALLOWANCE,
  USUAL_RISE_M,
  awardFromDeductions,
  expectedAward,
  deductionFor,
  faultSizeOf,
  heldPositionAngle,
  HELD_POSITION_DEG,
  itemApplies,
} from './execution.ts';
export type { DeductionBand, ExecutionItemId, ExecutionRule, ExecutionStage, ExecutionUnit, ItemDeduction } from './execution.ts';
