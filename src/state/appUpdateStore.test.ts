/**
 * The update prompt: a waiting version is announced until the user applies or dismisses it; in a
 * development build (no service worker) registering does nothing and reports no error.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { registerAppWorker, useAppUpdateStore } from './appUpdateStore.ts';

beforeEach(() => useAppUpdateStore.setState({ offlineReady: true, updateWaiting: true, error: null }));

describe('app update store', () => {
  test('applying the update takes the prompt down; the offline notice stays', () => {
    useAppUpdateStore.getState().applyUpdate();
    expect(useAppUpdateStore.getState()).toMatchObject({ updateWaiting: false, offlineReady: true });
  });

  test('dismiss hides both notices', () => {
    useAppUpdateStore.getState().dismiss();
    expect(useAppUpdateStore.getState()).toMatchObject({ updateWaiting: false, offlineReady: false });
  });

  test('outside a production build no service worker is registered and nothing is reported', async () => {
    await registerAppWorker();
    expect(useAppUpdateStore.getState().error).toBeNull();
  });
});
