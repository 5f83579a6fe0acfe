/**
 * How a simulated diver and venue look: skin tone, hair, swimsuit, and which side the camera films
 * from. Drawn from the dive's own random stream so the renderer is a pure function of the dive.
 */
import type { Sex } from './body.ts';
import type { Random } from './random.ts';

export type Rgb = readonly [number, number, number];

export interface Appearance {
  skin: Rgb;
  hair: Rgb;
  hairStyle: 'short' | 'cropped' | 'bun' | 'ponytail';
  suit: Rgb;
  /** A second suit colour for a stripe or panel, or null. */
  suitAccent: Rgb | null;
  suitStyle: 'briefs' | 'jammer' | 'onepiece';
  /** Film from the other side: the whole picture is mirrored (board on the right). */
  mirrored: boolean;
  /** Venue id: dives sharing it share the pool, stands and crowd. */
  venue: string;
}

/** Skin tones from light to dark (sRGB). */
const SKIN: readonly Rgb[] = [
  [241, 204, 178], [232, 190, 160], [222, 172, 138], [205, 150, 112], [186, 128, 92], [160, 106, 72], [130, 84, 56], [98, 62, 42],
];
const HAIR: readonly Rgb[] = [[22, 18, 16], [40, 28, 20], [70, 46, 28], [110, 76, 44], [168, 130, 78], [200, 170, 110], [120, 50, 26]];
/** Suit colours chosen to contrast with skin and water. */
const SUITS: readonly Rgb[] = [
  [200, 24, 36], [18, 18, 22], [20, 36, 110], [30, 80, 200], [16, 120, 60], [96, 30, 130], [230, 110, 20], [220, 40, 120], [240, 200, 20], [0, 140, 150],
];

export function sampleAppearance(random: Random, sex: Sex, venueCount = 4, heightTag = ''): Appearance {
  const skin = random.pick(SKIN);
  const hair = random.pick(HAIR);
  const suit = random.pick(SUITS);
  const accent = random.chance(0.35) ? random.pick(SUITS.filter((c) => c !== suit)) : null;
  const female = sex === 'female';
  return {
    skin,
    hair,
    hairStyle: female ? random.pick(['bun', 'bun', 'ponytail', 'cropped'] as const) : random.pick(['short', 'short', 'cropped'] as const),
    suit,
    suitAccent: accent,
    suitStyle: female ? 'onepiece' : random.chance(0.75) ? 'briefs' : 'jammer',
    mirrored: random.chance(0.5),
    venue: `${heightTag}venue${random.int(0, venueCount - 1)}`,
  };
}
