import { EnsembleBackend, FallbackBackend } from './ensemble.ts';
import { MediaPipeBackend } from './mediapipe.ts';
import { TfjsBackend } from './tfjs.ts';
import { BACKENDS, type BackendId, type PoseBackend } from './types.ts';

export function createBackend(id: BackendId): PoseBackend {
  switch (id) {
    case 'mediapipe-lite': return new MediaPipeBackend('lite');
    case 'mediapipe-full': return new MediaPipeBackend('full');
    case 'mediapipe-heavy': return new MediaPipeBackend('heavy');
    case 'mediapipe-lite+blazepose-full':
      return new EnsembleBackend(BACKENDS[id], new MediaPipeBackend('lite'), new TfjsBackend('blazepose-full'));
    case 'blazepose-full>mediapipe-lite':
      return new FallbackBackend(BACKENDS[id], new TfjsBackend('blazepose-full'), new MediaPipeBackend('lite'), 0.1);
    default: return new TfjsBackend(id);
  }
}
