/**
 * Stand-in for the legacy `@mediapipe/pose` solution package, which
 * @tensorflow-models/pose-detection imports for its "mediapipe" runtime. DiveJudge uses only
 * pose-detection's tfjs runtime (and MediaPipe Tasks directly), so constructing this is a bug.
 */
export class Pose {
  constructor() {
    throw new Error('The legacy MediaPipe solution runtime is not bundled; use the tfjs runtime or MediaPipe Tasks.');
  }
}
