/**
 * The decisive test that a clip plays here: let this browser's own media stack decode its first
 * frame, off screen, before the app switches to it. Demuxing can succeed for codecs the browser
 * cannot decode (HEVC on this Chromium), so the container alone is not proof.
 */
import { CODEC_LABELS, type ClipInfo } from './clipInfo.ts';
import { ClipError } from './errors.ts';

const FIRST_FRAME_TIMEOUT_MS = 15_000;

export async function assertBrowserCanDecode(info: ClipInfo, url: string): Promise<void> {
  const codecLabel = CODEC_LABELS[info.codec];
  const unsupported = () =>
    new ClipError(
      'unsupported-codec',
      info.name,
      `“${info.name}” uses ${codecLabel}, which this browser cannot decode. Convert it to H.264 (MP4), VP9 (WebM) or AV1 and load it again.`,
      info.codecString ?? undefined,
    );

  if (info.codecString && typeof VideoDecoder !== 'undefined') {
    const support = await VideoDecoder.isConfigSupported({ codec: info.codecString, codedWidth: info.width, codedHeight: info.height }).catch(() => null);
    if (support && !support.supported) throw unsupported();
  }

  const video = document.createElement('video');
  video.muted = true;
  video.preload = 'auto';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ClipError('decode-failed', info.name, `“${info.name}” did not show a first frame within ${FIRST_FRAME_TIMEOUT_MS / 1000} s; it may be damaged.`)), FIRST_FRAME_TIMEOUT_MS);
      video.addEventListener('loadeddata', () => {
        clearTimeout(timer);
        if (video.videoWidth === 0 || video.videoHeight === 0) reject(unsupported());
        else resolve();
      }, { once: true });
      video.addEventListener('error', () => {
        clearTimeout(timer);
        const code = video.error?.code;
        if (code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED) reject(unsupported());
        else reject(new ClipError('decode-failed', info.name, `“${info.name}” could not be decoded: the video data is damaged.`, video.error?.message));
      }, { once: true });
      video.src = url;
    });
  } finally {
    video.removeAttribute('src');
    video.load();
  }
}
