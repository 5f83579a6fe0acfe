/**
 * The two inference graphs of a pack, built by running the generic model code on `OnnxOps`.
 *
 * encoder.onnx (once per clip)
 *   inputs   poses [batch, T, 16, 3]       (HSE)    crop-centred joints, src/pipeline/aqa/inputs.ts
 *            frames [batch, T, S, S, 3]    (DVE/SVE) RGB crops in [0, 1], NDHWC
 *            splash [batch, T]             (splash input) splash trace
 *   outputs  frame_features [batch, T, F]  per-frame features (dy | sk | splash | st)
 *            transition_probs [batch, T, 2] softmax over frames for take-off end → flight and flight → entry
 *
 * compare.onnx (once per clip, N exemplars in one batch)
 *   inputs   query_features [1, T, F]       the encoder's frame_features
 *            query_resample [1, K·L, T]     stages.ts resampleMatrix(boundaries, T, L)
 *            exemplar_fused [N, K·L, D]     from the pack's exemplar bank (DVE or HSE)
 *            exemplar_static [N, K·L, D]    from the bank (SVE)
 *   outputs  relative_score [N]             award-sum points: prediction_i = exemplar awardSum_i + this
 *            stage_scores [N, 3]            per-stage parts of relative_score
 *            relative_splash [N]            splash score relative to the exemplar's
 *            query_fused [1, K·L, D]        the query's fused stage features (to add it as an exemplar)
 *            query_static [1, K·L, D]       (SVE)
 */
import { JOINT_COUNT, sceneTrackChannels } from '@divejudge/core';
import type { GraphSpec, TensorSpec } from '@divejudge/core';
import type { ModelConfig } from '../model/config.ts';
import { STAGES, frameFeatureLayout, hasFusedStream, usesPixels } from '../model/config.ts';
import { compare, encode, stageFeatures } from '../model/hpmcore.ts';
import type { StageFeatures } from '../model/hpmcore.ts';
import { OPSET, OnnxGraphBuilder } from './onnxBuilder.ts';
import { OnnxOps } from './onnxOps.ts';
import type { OnnxValue, ParamValues } from './onnxOps.ts';

export interface BuiltGraph {
  bytes: Uint8Array;
  spec: GraphSpec;
  usedParameters: ReadonlySet<string>;
}

function tensor(name: string, shape: Array<number | string>, description: string): TensorSpec {
  return { name, dtype: 'float32', shape, description };
}

export function buildEncoderGraph(model: ModelConfig, params: ParamValues, file = 'encoder.onnx'): BuiltGraph {
  const graph = new OnnxGraphBuilder('hpmcore_encoder');
  const ops = new OnnxOps(graph, params);
  const T = model.frames, S = model.crop;
  const inputs: TensorSpec[] = [];
  const add = (name: string, shape: Array<number | string>, description: string): OnnxValue => {
    inputs.push(tensor(name, shape, description));
    return ops.input(name, shape.map((d) => (typeof d === 'string' ? -1 : d)), shape);
  };
  const poses = model.branches.hse ? add('poses', ['batch', T, JOINT_COUNT, 3], 'crop-centred MPII-16 joints: x, y, confidence') : undefined;
  const frames = usesPixels(model) ? add('frames', ['batch', T, S, S, 3], 'diver-centred RGB crops, values / 255, NDHWC') : undefined;
  const splash = model.branches.splashInput ? add('splash', ['batch', T], 'splash area / (median crop side)^2 per frame') : undefined;
  const sceneTrack = model.branches.sceneTrack ? add('scene_track', ['batch', T, sceneTrackChannels(model.sceneTrackNormalisation)], `diver in the scene, camera motion undone (${model.sceneTrackNormalisation}): x, y from the first frame, x, y from the apex (body lengths), box side${model.sceneTrackNormalisation === 'scene-track/2' ? '; take-off rise and board clearance (body lengths)' : ''}`) : undefined;
  const out = encode(ops, model, { poses, frames, splash, sceneTrack });
  const F = frameFeatureLayout(model).total;
  ops.output('frame_features', out.frameFeatures, ['batch', T, F]);
  ops.output('transition_probs', ops.softmax(out.transitionLogits, 1), ['batch', T, STAGES - 1]);
  return {
    bytes: graph.toBytes('HP-MCoRe encoder (DiveJudge)'),
    spec: {
      file,
      opset: OPSET,
      inputs,
      outputs: [
        tensor('frame_features', ['batch', T, F], 'per-frame features (dy | sk | splash | scene | st)'),
        tensor('transition_probs', ['batch', T, STAGES - 1], 'per transition, probability over frames (softmax over axis 1)'),
      ],
    },
    usedParameters: ops.usedParameterNames(),
  };
}

export function buildCompareGraph(model: ModelConfig, params: ParamValues, file = 'compare.onnx'): BuiltGraph {
  const graph = new OnnxGraphBuilder('hpmcore_compare');
  const ops = new OnnxOps(graph, params);
  const T = model.frames, L = model.stageLength, D = model.featureSize, KL = STAGES * L;
  const F = frameFeatureLayout(model).total;
  const inputs: TensorSpec[] = [];
  const add = (name: string, shape: Array<number | string>, description: string): OnnxValue => {
    inputs.push(tensor(name, shape, description));
    return ops.input(name, shape.map((d) => (typeof d === 'string' ? -1 : d)), shape);
  };
  const queryFeatures = add('query_features', [1, T, F], "the encoder's frame_features");
  const resample = add('query_resample', [1, KL, T], 'stage interpolation matrix (stages.ts resampleMatrix)');
  const query = stageFeatures(ops, model, queryFeatures, resample);
  const exemplar: StageFeatures<OnnxValue> = { fused: null, static: null };
  if (hasFusedStream(model)) exemplar.fused = ops.reshape(add('exemplar_fused', ['N', KL, D], 'exemplar bank block "fused"'), [-1, STAGES, L, D]);
  if (model.branches.sve) exemplar.static = ops.reshape(add('exemplar_static', ['N', KL, D], 'exemplar bank block "static"'), [-1, STAGES, L, D]);
  const out = compare(ops, model, query, exemplar);
  const outputs: TensorSpec[] = [
    tensor('relative_score', ['N'], 'award-sum points relative to each exemplar'),
    tensor('stage_scores', ['N', STAGES], 'per-stage parts of relative_score'),
    tensor('relative_splash', ['N'], 'splash score relative to each exemplar'),
  ];
  ops.output('relative_score', out.relativeScore, ['N']);
  ops.output('stage_scores', out.stageScores, ['N', STAGES]);
  ops.output('relative_splash', out.relativeSplash, ['N']);
  if (query.fused !== null) {
    ops.output('query_fused', ops.reshape(query.fused, [-1, KL, D]), [1, KL, D]);
    outputs.push(tensor('query_fused', [1, KL, D], "the query's fused stage features (bank layout)"));
  }
  if (query.static !== null) {
    ops.output('query_static', ops.reshape(query.static, [-1, KL, D]), [1, KL, D]);
    outputs.push(tensor('query_static', [1, KL, D], "the query's static stage features (bank layout)"));
  }
  return { bytes: graph.toBytes('HP-MCoRe stage fusion + comparison (DiveJudge)'), spec: { file, opset: OPSET, inputs, outputs }, usedParameters: ops.usedParameterNames() };
}
