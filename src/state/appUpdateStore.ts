/**
 * The app's service worker (vite-plugin-pwa, Workbox): registered once the page is idle, it
 * precaches the app, the runtimes, the default pose model and pack, so the next start needs no
 * network. A new version waits until the user says so (a reload mid-analysis would lose it).
 */
import { create } from 'zustand';

export interface AppUpdateState {
  /** Everything the default path needs is cached: the app starts and scores offline. */
  offlineReady: boolean;
  /** A new version is installed and waiting. */
  updateWaiting: boolean;
  /** The registration failed (e.g. a host without HTTPS): the app works, but not offline. */
  error: string | null;
  applyUpdate(): void;
  dismiss(): void;
}

let activate: ((reload?: boolean) => Promise<void>) | null = null;

export const useAppUpdateStore = create<AppUpdateState>()((set) => ({
  offlineReady: false,
  updateWaiting: false,
  error: null,
  applyUpdate() {
    set({ updateWaiting: false });
    void activate?.(true);
  },
  dismiss() {
    set({ updateWaiting: false, offlineReady: false });
  },
}));

/** Registers the service worker (production builds only; the dev server has none). */
export async function registerAppWorker(): Promise<void> {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  try {
    const { registerSW } = await import('virtual:pwa-register');
    activate = registerSW({
      onOfflineReady: () => useAppUpdateStore.setState({ offlineReady: true }),
      onNeedRefresh: () => useAppUpdateStore.setState({ updateWaiting: true }),
      onRegisterError: (error: unknown) => useAppUpdateStore.setState({ error: error instanceof Error ? error.message : String(error) }),
    });
  } catch (error) {
    useAppUpdateStore.setState({ error: error instanceof Error ? error.message : String(error) });
  }
}
