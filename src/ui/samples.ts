/** Clips bundled with the app (served from public/samples), loadable with one click. */
export interface SampleClip {
  id: string;
  title: string;
  fileName: string;
  description: string;
}

export const SAMPLE_CLIPS: SampleClip[] = [
  {
    id: 'placeholder-dive',
    title: 'Sample dive (synthetic)',
    fileName: 'placeholder-dive.mp4',
    description: 'A drawn 10 m platform dive, 25 fps, 75 frames. A placeholder until rendered dives from the simulator replace it.',
  },
];

export function sampleUrl(sample: SampleClip): string {
  return `${import.meta.env.BASE_URL}samples/${sample.fileName}`;
}
