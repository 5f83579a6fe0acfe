/**
 * The app's shared core as the training workspace sees it: one entry (`@divejudge/core`, a path
 * alias in tsconfig.json and vitest.config.ts), so the boundary between training/ and src/ is this
 * file. Training reads the same diving rules, skeleton, model inputs, stage maths, pack contract,
 * clip analysis and voting the app runs; nothing here may import React, stores or workers.
 */
export * from './domain/index.ts';
export * from './pipeline/pose/skeleton.ts';
export * from './pipeline/pose/poseStage.ts';
export * from './pipeline/pose/postprocess.ts';
export * from './pipeline/aqa/pack.ts';
export * from './pipeline/aqa/packScorer.ts';
export * from './pipeline/aqa/inputs.ts';
export * from './pipeline/aqa/sceneTrack.ts';
export * from './pipeline/aqa/stages.ts';
export * from './pipeline/aqa/takeOff.ts';
export * from './pipeline/aqa/voting.ts';
export * from './pipeline/aqa/clipAnalysis.ts';
export * from './pipeline/splash/cameraPath.ts';
export * from './pipeline/splash/clipSplash.ts';
export type * from './pipeline/splash/types.ts';
export * from './pipeline/math/random.ts';
