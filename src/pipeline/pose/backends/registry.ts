import { EnsembleBackend, FallbackBackend } from './ensemble.ts';
import { MediaPipeBackend } from './mediapipe.ts';
import { TfjsBackend, type TfjsDevice } from './tfjs.ts';
import { BACKENDS, type BackendId, type PoseBackend } from './types.ts';

/** `device`: where the tfjs models run (MediaPipe always runs on its CPU delegate). */
export function createBackend(id: BackendId, device: TfjsDevice = 'wasm'): PoseBackend {
  switch (id) {
    case 'mediapipe-lite': return new MediaPipeBackend('lite');
    case 'mediapipe-full': return new MediaPipeBackend('full');
    case 'mediapipe-heavy': return new MediaPipeBackend('heavy');
    case 'mediapipe-lite+blazepose-full':
      return new EnsembleBackend(BACKENDS[id], new MediaPipeBackend('lite'), new TfjsBackend('blazepose-full', device));
    case 'blazepose-full>mediapipe-lite':
      return new FallbackBackend(BACKENDS[id], new TfjsBackend('blazepose-full', device), new MediaPipeBackend('lite'), 0.1);
    default: return new TfjsBackend(id, device);
  }
}
