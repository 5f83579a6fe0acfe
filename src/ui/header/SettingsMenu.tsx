import { INFERENCE_PROVIDERS, useSettingsStore, type InferenceProvider } from '../../state/settingsStore.ts';
import { usePackStore } from '../../state/packStore.ts';

const PROVIDER_NAMES: Record<InferenceProvider, string> = {
  auto: 'Automatic (WebGPU on a GPU, else WASM)',
  webgpu: 'WebGPU',
  wasm: 'WASM (CPU)',
};

/** Preferences that change how analysis runs. */
export function SettingsMenu() {
  const provider = useSettingsStore((s) => s.inferenceProvider);
  const setProvider = useSettingsStore((s) => s.setInferenceProvider);
  const autoAnalyze = useSettingsStore((s) => s.autoAnalyze);
  const setAutoAnalyze = useSettingsStore((s) => s.setAutoAnalyze);
  const autoPose = useSettingsStore((s) => s.autoPose);
  const setAutoPose = useSettingsStore((s) => s.setAutoPose);
  return (
    <details className="menu" data-testid="settings-menu">
      <summary aria-label="Settings">Settings</summary>
      <div className="menu-body">
        <label className="field" title="Where the pose and scoring models run. Auto: WebGPU on a real graphics card, WASM on the processor otherwise. A clip already analysed keeps its poses; open it again to find the diver on the new runtime.">
          Model runtime
          <select
            value={provider}
            data-testid="provider-select"
            onChange={(e) => {
              setProvider(e.target.value as InferenceProvider);
              void usePackStore.getState().restart();
            }}
          >
            {INFERENCE_PROVIDERS.map((p) => (
              <option key={p} value={p}>{PROVIDER_NAMES[p]}</option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={autoPose} onChange={(e) => setAutoPose(e.target.checked)} /> Find the diver when a clip loads
        </label>
        <label className="check">
          <input type="checkbox" checked={autoAnalyze} onChange={(e) => setAutoAnalyze(e.target.checked)} data-testid="auto-analyze" /> Score as soon as the diver is found
        </label>
      </div>
    </details>
  );
}
