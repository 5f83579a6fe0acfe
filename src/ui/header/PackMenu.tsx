import { useRef } from 'react';
import { trainingLabel, usePackStore } from '../../state/packStore.ts';
import { FolderInput } from '../common/FilePicker.tsx';

/**
 * The active model pack and what it was trained on; switch between loaded packs, or load another
 * from a folder or a zip. A pack that fails to load leaves the active one in place.
 */
export function PackMenu() {
  const active = usePackStore((s) => s.active);
  const packs = usePackStore((s) => s.packs);
  const status = usePackStore((s) => s.status);
  const loadingLabel = usePackStore((s) => s.loadingLabel);
  const activate = usePackStore((s) => s.activate);
  const loadUserPack = usePackStore((s) => s.loadUserPack);
  const folderInput = useRef<HTMLInputElement>(null);
  const zipInput = useRef<HTMLInputElement>(null);

  return (
    <div className="pack-menu" data-testid="active-pack">
      <span className="pack-label">
        Model pack:{' '}
        {active ? (
          <>
            {packs.length > 1 ? (
              <select value={active.key} onChange={(e) => void activate(e.target.value)} aria-label="Active model pack" data-testid="pack-select" disabled={status === 'loading'}>
                {packs.map((p) => (
                  <option key={p.key} value={p.key}>{p.key === active.key ? `${active.manifest.name} ${active.manifest.version}` : p.label}</option>
                ))}
              </select>
            ) : (
              <strong data-testid="pack-name">{active.manifest.name} {active.manifest.version}</strong>
            )}
            <span className="trained-on" data-testid="pack-trained-on"> · {trainingLabel(active.manifest)}</span>
            <span className="provider" data-testid="pack-provider" title={active.providerNote ?? 'onnxruntime-web execution provider'}> · {active.provider === 'webgpu' ? 'WebGPU' : 'WASM'}{active.providerNote ? '*' : ''}</span>
          </>
        ) : status === 'loading' ? (
          <em>loading…</em>
        ) : (
          <em>none loaded</em>
        )}
        {status === 'loading' && active && <em className="muted" data-testid="pack-loading"> · loading {loadingLabel}…</em>}
      </span>
      <details className="menu">
        <summary>Load pack…</summary>
        <div className="menu-body">
          <button type="button" onClick={() => folderInput.current?.click()}>From a folder…</button>
          <button type="button" onClick={() => zipInput.current?.click()}>From a zip…</button>
          <p className="muted small">A pack is a folder with manifest.json, its ONNX graphs and its exemplar bank (written by the training workspace).</p>
        </div>
      </details>
      <FolderInput inputRef={folderInput} testId="pack-folder-input" onFiles={(files) => void loadUserPack(files)} />
      <input
        ref={zipInput}
        type="file"
        hidden
        accept=".zip,application/zip"
        data-testid="pack-zip-input"
        onChange={(e) => {
          const files = e.target.files ? Array.from(e.target.files) : [];
          e.target.value = '';
          if (files.length) void loadUserPack(files);
        }}
      />
    </div>
  );
}
