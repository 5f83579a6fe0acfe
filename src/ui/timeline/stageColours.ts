/** One colour per stage, shared by the timeline and the charts. */
export const STAGE_COLOURS: Record<string, string> = {
  'take-off': '#e0a24a',
  flight: '#5aa9e6',
  entry: '#4cc3b5',
};
