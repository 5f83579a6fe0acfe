import { describe, expect, test } from 'vitest';
import { simulateDive } from './dive.ts';
import { diveTruth } from './groundTruth.ts';

describe('broadcast camera', () => {
  // Pose models stop seeing a body that touches the frame edge: the operator keeps the whole diver
  // inside the picture, with room, through the fastest part of a 10 m flight.
  test.each(['5253B', '107B', '407C', '6243D'])('keeps a 10 m %s inside the picture during the flight', (code) => {
    for (let run = 0; run < 3; run++) {
      const dive = simulateDive({ seed: 'camera', runIndex: run, code, height: '10m' });
      const truth = diveTruth(dive, { fps: 25 });
      let worst = Infinity;
      truth.frames.forEach((frame) => {
        if (frame.box === null || frame.phase !== 'flight') return;
        const [x1, y1, x2, y2] = frame.box;
        worst = Math.min(worst, x1 / truth.width, y1 / truth.height, 1 - x2 / truth.width, 1 - y2 / truth.height);
      });
      // At least 3% of the frame between the diver's box and every edge.
      expect(worst, `${code} run ${run}`).toBeGreaterThan(0.03);
    }
  }, 60_000);
});
