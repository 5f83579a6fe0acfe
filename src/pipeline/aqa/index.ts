/**
 * Action quality assessment with HP-MCoRe model packs, framework-free: the pack contract
 * (pack.ts), the model inputs (inputs.ts), stages (stages.ts) and voting (voting.ts). The aqa
 * worker pairs these with onnxruntime-web; training/export/packRunner.ts is the same path in Node.
 */
export * from './pack.ts';
export * from './inputs.ts';
export * from './stages.ts';
export * from './voting.ts';
export * from './sceneTrack.ts';
