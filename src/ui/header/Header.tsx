import { useRef } from 'react';
import { useAnalysisStore } from '../../state/analysisStore.ts';
import { useClipStore } from '../../state/clipStore.ts';
import { useSettingsStore } from '../../state/settingsStore.ts';
import { SAMPLE_CLIPS, sampleUrl } from '../samples.ts';

export const ACCEPTED_VIDEO = 'video/mp4,video/webm,video/quicktime,video/x-matroska,.mp4,.m4v,.mov,.webm,.mkv';

export function Header() {
  const fileInput = useRef<HTMLInputElement>(null);
  const loadFile = useClipStore((s) => s.loadFile);
  const loadSample = useClipStore((s) => s.loadSample);
  const loading = useClipStore((s) => s.loading);
  const pack = useAnalysisStore((s) => s.activePack);
  const showShortcuts = useSettingsStore((s) => s.setShowShortcuts);
  const sample = SAMPLE_CLIPS[0];

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden>◆</span> DiveJudge
      </div>
      <div className="pack-label" data-testid="active-pack">
        Model pack: {pack ? <strong>{pack.id} {pack.version}</strong> : <em>none loaded</em>}
        {pack && <span className="trained-on"> · trained on {pack.trainedOn}</span>}
      </div>
      <div className="header-actions">
        <button type="button" onClick={() => fileInput.current?.click()} disabled={loading !== null}>
          Open clip…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept={ACCEPTED_VIDEO}
          hidden
          data-testid="file-input"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = ''; // choosing the same file again must reload it
            if (file) void loadFile(file);
          }}
        />
        {sample && (
          <button type="button" data-testid="load-sample" onClick={() => void loadSample(sampleUrl(sample), sample.fileName)} disabled={loading !== null} title={sample.description}>
            Load sample dive
          </button>
        )}
        <button type="button" className="icon-button" onClick={() => showShortcuts(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
    </header>
  );
}
