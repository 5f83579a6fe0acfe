/**
 * What a score may say about the model behind it. A pack's manifest states what it was trained on;
 * that is the pack's claim, which the app cannot check, so the label quotes it as such and keeps the
 * app's own warning: no pack is presented as validated on real dives by what it says of itself.
 * Framework-free.
 */
export interface TrainedOnClaim {
  kind: 'simulated' | 'dataset';
  name: string;
}

export const SIMULATED_LABEL = 'trained on simulated dives — indicative, not validated on real competition footage';

/** The label every score carries, from the pack's (or a saved analysis's) training claim. */
export function trainingLabelOf(trainedOn: TrainedOnClaim): string {
  if (trainedOn.kind === 'simulated') return SIMULATED_LABEL;
  return `this pack says it was trained on “${trainedOn.name.slice(0, 120)}” — a claim DiveJudge has not checked; indicative, not validated on real competition footage`;
}
