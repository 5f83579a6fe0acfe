import { useEffect, useRef, useState } from 'react';
import { useClipStore } from '../../state/clipStore.ts';
import { useSettingsStore } from '../../state/settingsStore.ts';
import { openSample, useSamples } from '../samples.ts';
import { PackMenu } from './PackMenu.tsx';
import { FilePicker, FolderInput } from '../common/FilePicker.tsx';
import { SettingsMenu } from './SettingsMenu.tsx';

export const ACCEPTED_VIDEO = 'video/mp4,video/webm,video/quicktime,video/x-matroska,video/x-msvideo,.mp4,.m4v,.mov,.webm,.mkv,.avi';

export function Header() {
  const loadFile = useClipStore((s) => s.loadFile);
  const loading = useClipStore((s) => s.loading);
  const offerFrames = useClipStore((s) => s.offerFrames);
  const framesInput = useRef<HTMLInputElement>(null);
  const showShortcuts = useSettingsStore((s) => s.setShowShortcuts);
  const { samples, load: loadSamples } = useSamples();
  const [sampleId, setSampleId] = useState<string | null>(null);
  useEffect(() => {
    void loadSamples();
  }, [loadSamples]);
  const sample = samples.find((s) => s.id === sampleId) ?? samples[0];

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden>◆</span> DiveJudge
      </div>
      <PackMenu />
      <div className="header-actions">
        {/* Open while another clip loads (the app reopening the last analysis, say): the clip asked for last wins. */}
        <FilePicker accept={ACCEPTED_VIDEO} inputTestId="file-input" onFile={(file) => void loadFile(file)}>
          Open clip…
        </FilePicker>
        <button type="button" onClick={() => framesInput.current?.click()} title="A folder of one dive's JPG/PNG frames (FineDiving's layout)">
          Open frames…
        </button>
        <FolderInput inputRef={framesInput} testId="frames-folder-input" onFiles={(files) => offerFrames(files, files[0]?.webkitRelativePath.split('/')[0] || 'frames')} />
        {sample && (
          <span className="sample-picker">
            <select value={sample.id} onChange={(e) => setSampleId(e.target.value)} aria-label="Sample dive" data-testid="sample-select">
              {samples.map((s) => (
                <option key={s.id} value={s.id}>{s.title} (simulated)</option>
              ))}
            </select>
            {/* aria-disabled, not disabled, while a clip loads: a disabled button drops the keyboard focus to the page. */}
            <button
              type="button"
              data-testid="load-sample"
              onClick={() => {
                if (loading === null) void openSample(sample);
              }}
              aria-disabled={loading !== null}
              title={sample.source}
            >
              Load sample
            </button>
          </span>
        )}
        <SettingsMenu />
        <button type="button" className="icon-button" onClick={() => showShortcuts(true)} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
    </header>
  );
}
