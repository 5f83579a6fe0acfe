/** Run-config validation: what older configs default to, and the precise message for a wrong value. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateRunConfig } from './config.ts';

const raw = (): Record<string, any> => JSON.parse(readFileSync(new URL('../configs/tiny-full.json', import.meta.url), 'utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any -- a JSON document edited in place

describe('run config', () => {
  it('reads a config written before fusion.values as the paper fusion (visual values)', () => {
    const config = raw();
    delete config.model.fusion.values;
    expect(validateRunConfig(config).model.fusion.values).toBe('visual');
  });

  it('keeps fusion.values "both"', () => {
    const config = raw();
    config.model.fusion.values = 'both';
    expect(validateRunConfig(config).model.fusion.values).toBe('both');
  });

  it('names the field and the allowed values when fusion.values is wrong', () => {
    const config = raw();
    config.model.fusion.values = 'skeletal';
    expect(() => validateRunConfig(config)).toThrow('config model.fusion.values must be one of "visual", "both"');
  });

  it('reads a config written before train.posePostprocess as the raw draw, and refuses post-processing clean poses', () => {
    const config = raw();
    delete config.train.posePostprocess;
    expect(validateRunConfig(config).train.posePostprocess).toBe('none');
    expect(() => validateRunConfig({ ...raw(), train: { ...raw().train, posePostprocess: 'smooth' } })).toThrow('config train.posePostprocess must be "none" or "app"');
    expect(() => validateRunConfig({ ...raw(), train: { ...raw().train, poses: 'clean', poseNoise: 'file', posePostprocess: 'app' } })).toThrow('config train.posePostprocess');
  });

  it('reads a config written before train.takeOffPoses as measuring the take-off on the input poses, and names a wrong value', () => {
    const config = raw();
    delete config.train.takeOffPoses;
    expect(validateRunConfig(config).train.takeOffPoses).toBe('input');
    expect(validateRunConfig({ ...raw(), train: { ...raw().train, takeOffPoses: 'app' } }).train.takeOffPoses).toBe('app');
    expect(() => validateRunConfig({ ...raw(), train: { ...raw().train, takeOffPoses: 'smoothed' } })).toThrow('config train.takeOffPoses must be "input" or "app"');
    expect(() => validateRunConfig({ ...raw(), train: { ...raw().train, poses: 'clean', poseNoise: 'file', posePostprocess: 'none', takeOffPoses: 'app' } })).toThrow('config train.takeOffPoses');
  });

  it('the shipped configs validate', () => {
    for (const name of ['pose', 'full', 'ablation', 'tiny-full']) {
      expect(() => validateRunConfig(JSON.parse(readFileSync(new URL(`../configs/${name}.json`, import.meta.url), 'utf8')))).not.toThrow();
    }
  });
});
