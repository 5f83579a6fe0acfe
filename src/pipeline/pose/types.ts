/**
 * Pose data as it flows from a backend through tracking and repair to the overlay and the model.
 * Joint arrays are Float32Array(JOINT_COUNT × 3): x, y in full-frame pixels, confidence 0–1;
 * a joint the backend did not find has confidence 0 (x, y are then meaningless, often NaN).
 */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** One person a backend reported in one frame (several when spectators are visible). */
export interface PoseCandidate {
  box: Box;
  /** Backend's person score 0–1. */
  score: number;
  joints: Float32Array;
}

/** The tracked diver in one frame after association, repair and smoothing. */
export interface PoseFrame {
  /** True when a diver was detected in this frame (not only interpolated). */
  detected: boolean;
  box: Box | null;
  score: number;
  joints: Float32Array;
  /** Per joint: 1 when the value was filled by temporal interpolation (eq. 31). */
  repaired: Uint8Array;
}

export interface PoseSequence {
  fps: number;
  width: number;
  height: number;
  /** Backend and settings that produced it, e.g. "mediapipe-lite+rot4". */
  config: string;
  frames: PoseFrame[];
  /** Frames checked for a second person of the diver's size, and those where one was seen. */
  otherPeople?: OtherPeopleCheck;
  /** Where the judge clicked the diver to follow (frame pixels, first frame), when they did. */
  followed?: { x: number; y: number };
}

export interface OtherPeopleCheck {
  checked: number;
  /** Checked frames where someone of the diver's size was seen, and seen again at about the same place on the next frame the diver was (poseStage.ts, `sameOtherPerson`). */
  frames: number[];
}

/** A square region of the frame given to the backend; may extend past the frame edges. */
export interface CropRect {
  x: number;
  y: number;
  size: number;
}
