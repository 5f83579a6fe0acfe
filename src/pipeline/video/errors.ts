/**
 * Why a clip could not be used, as a value the UI can show. `kind` is for code and tests;
 * `message` is written for the judge who dropped the file.
 */
export type ClipErrorKind =
  | 'empty-file'
  | 'not-a-video'
  | 'corrupt'
  | 'no-video-track'
  | 'unsupported-codec'
  | 'decode-failed';

export class ClipError extends Error {
  readonly kind: ClipErrorKind;
  readonly fileName: string;
  readonly detail: string | undefined;

  constructor(kind: ClipErrorKind, fileName: string, message: string, detail?: string) {
    super(message);
    this.name = 'ClipError';
    this.kind = kind;
    this.fileName = fileName;
    this.detail = detail;
  }

  /** Plain data for crossing a worker boundary (Error subclasses do not survive structured clone). */
  toData(): ClipErrorData {
    return { kind: this.kind, fileName: this.fileName, message: this.message, detail: this.detail };
  }

  static fromData(data: ClipErrorData): ClipError {
    return new ClipError(data.kind, data.fileName, data.message, data.detail);
  }
}

export interface ClipErrorData {
  kind: ClipErrorKind;
  fileName: string;
  message: string;
  detail: string | undefined;
}

export function isClipErrorData(value: unknown): value is ClipErrorData {
  return typeof value === 'object' && value !== null && 'kind' in value && 'fileName' in value && 'message' in value;
}
