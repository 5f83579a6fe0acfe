import { useRef, type ReactNode } from 'react';

interface FilePickerProps {
  children: ReactNode;
  accept: string;
  onFile(file: File): void;
  inputTestId: string;
  buttonTestId?: string;
  disabled?: boolean;
  title?: string;
}

/** A button that opens the file chooser; choosing the same file again still counts. */
export function FilePicker({ children, accept, onFile, inputTestId, buttonTestId, disabled, title }: FilePickerProps) {
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
        data-testid={inputTestId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </>
  );
}
