import { useSettingsStore } from '../../state/settingsStore.ts';
import { SHORTCUTS } from '../shortcuts.ts';
import { COMPARE_SHORTCUTS } from '../compare/CompareView.tsx';

export function ShortcutsDialog() {
  const open = useSettingsStore((s) => s.showShortcuts);
  const setOpen = useSettingsStore((s) => s.setShowShortcuts);
  if (!open) return null;
  return (
    <div className="dialog-backdrop" onClick={() => setOpen(false)}>
      <div className="dialog" role="dialog" aria-label="Keyboard shortcuts" onClick={(e) => e.stopPropagation()}>
        <h2>Keyboard shortcuts</h2>
        <ShortcutTable rows={SHORTCUTS} />
        <h3>In the comparison</h3>
        <ShortcutTable rows={COMPARE_SHORTCUTS} />
        <button type="button" onClick={() => setOpen(false)}>Close</button>
      </div>
    </div>
  );
}

function ShortcutTable({ rows }: { rows: ReadonlyArray<{ keys: string; description: string }> }) {
  return (
    <table>
      <tbody>
        {rows.map((s) => (
          <tr key={s.keys}>
            <td><kbd>{s.keys}</kbd></td>
            <td>{s.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
