/**
 * Classical splash measurement (eq. 21 of the HP-MCoRe paper, measured from pixels): one
 * implementation for the trainer (rendered simulator frames in Node) and the app (real clips in a
 * worker). See measure.ts for the method.
 */
export {
  DEFAULT_BOX_FRACTION,
  DEFAULT_PRE_ENTRY_FRAMES,
  DEFAULT_SPLASH_FPS,
  SCORE_SCALE_AREA_SECONDS,
  integrateSplash,
  measureSplash,
  splashScoreFromAreaSeconds,
} from './measure.ts';
export type {
  DiverBoxHint,
  FramePoint,
  MeasureSplashOptions,
  ReferenceKind,
  RgbaFrame,
  SplashFailure,
  SplashMask,
  SplashMeasurement,
} from './types.ts';
