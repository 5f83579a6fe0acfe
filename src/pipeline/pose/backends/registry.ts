import { MediaPipeBackend } from './mediapipe.ts';
import { TfjsBackend } from './tfjs.ts';
import type { BackendId, PoseBackend } from './types.ts';

export function createBackend(id: BackendId): PoseBackend {
  switch (id) {
    case 'mediapipe-lite': return new MediaPipeBackend('lite');
    case 'mediapipe-full': return new MediaPipeBackend('full');
    case 'mediapipe-heavy': return new MediaPipeBackend('heavy');
    default: return new TfjsBackend(id);
  }
}
