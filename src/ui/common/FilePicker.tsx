import { useRef, type ReactNode, type RefObject } from 'react';

interface FilePickerProps {
  children: ReactNode;
  accept: string;
  onFile(file: File): void;
  /** Let the user choose several files: each is handed to `onFiles` (and the first to `onFile`). */
  onFiles?(files: File[]): void;
  inputTestId: string;
  buttonTestId?: string;
  disabled?: boolean;
  title?: string;
}

/** A button that opens the file chooser; choosing the same file again still counts. */
export function FilePicker({ children, accept, onFile, onFiles, inputTestId, buttonTestId, disabled, title }: FilePickerProps) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} disabled={disabled} data-testid={buttonTestId} title={title}>
        {children}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        multiple={onFiles !== undefined}
        data-testid={inputTestId}
        onChange={(e) => {
          const files = e.target.files ? Array.from(e.target.files) : [];
          e.target.value = '';
          if (onFiles && files.length) onFiles(files);
          else if (files[0]) onFile(files[0]);
        }}
      />
    </>
  );
}

/**
 * A hidden folder chooser (`webkitdirectory`): every file below the chosen folder, handed over as
 * a list; choosing the same folder again still counts. The caller opens it through the ref.
 */
export function FolderInput({ inputRef, onFiles, testId }: { inputRef: RefObject<HTMLInputElement | null>; onFiles(files: File[]): void; testId: string }) {
  return (
    <input
      ref={inputRef}
      type="file"
      hidden
      multiple
      data-testid={testId}
      // webkitdirectory is not in React's types; the attribute works in every current browser.
      {...({ webkitdirectory: '' } as Record<string, string>)}
      onChange={(e) => {
        const files = e.target.files ? Array.from(e.target.files) : [];
        e.target.value = '';
        if (files.length) onFiles(files);
      }}
    />
  );
}
