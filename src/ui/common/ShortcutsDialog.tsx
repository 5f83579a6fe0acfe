import { useEffect, useRef } from 'react';
import { useSettingsStore } from '../../state/settingsStore.ts';
import { SHORTCUTS } from '../shortcuts.ts';
import { COMPARE_SHORTCUTS } from '../compare/CompareView.tsx';

/**
 * The shortcut list as a real modal (<dialog> with showModal): it takes focus, Esc closes it, the
 * page under it is inert (arrows do not step the video), and focus returns where the user was.
 */
export function ShortcutsDialog() {
  const open = useSettingsStore((s) => s.showShortcuts);
  const setOpen = useSettingsStore((s) => s.setShowShortcuts);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-label="Keyboard shortcuts"
      data-testid="shortcuts-dialog"
      // Esc: 'cancel' fires as the key is handled, 'close' only in a later task; without this a key
      // pressed right after Esc still found the list open and was swallowed.
      onCancel={() => setOpen(false)}
      onClose={() => setOpen(false)}
      onClick={(e) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (e.target === e.currentTarget) setOpen(false);
      }}
    >
      {open && (
        <div className="dialog-content">
          <h2>Keyboard shortcuts</h2>
          <ShortcutTable rows={SHORTCUTS} />
          <h3>In the comparison</h3>
          <ShortcutTable rows={COMPARE_SHORTCUTS} />
          <button type="button" autoFocus onClick={() => setOpen(false)} data-testid="shortcuts-close">
            Close
          </button>
        </div>
      )}
    </dialog>
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
