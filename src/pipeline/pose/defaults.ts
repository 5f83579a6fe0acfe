/**
 * The app's default pose backend, chosen by `npm run bench:pose` on real diving frames (see the
 * README's pose section for the table), not by habit.
 */
import type { BackendId } from './backends/types.ts';

export const DEFAULT_POSE_BACKEND: BackendId = 'blazepose-full';
