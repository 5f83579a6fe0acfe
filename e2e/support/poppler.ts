import { execFileSync } from 'node:child_process';

/** Whether poppler-utils (pdftotext, pdftoppm, pdfinfo, pdffonts) is installed to read PDFs back. */
export function hasPoppler(): boolean {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
