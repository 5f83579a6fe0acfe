/**
 * The comparison: the query beside an exemplar — a saved analysis, a library exemplar (both with
 * video when the browser kept it) or a pack exemplar (skeleton only: packs carry poses, not video).
 * One transport drives both sides: a position on the comparison's time axis, mapped to each side's
 * frame by the time warp (stage-aligned or real time).
 */
import { create } from 'zustand';
import { kinematicsSeries, kinematicsSeriesFromBank, type KinematicsSeries } from '../pipeline/analysis/kinematics.ts';
import { bankPoseJoints, compareLength, type CompareMode, type StageMarks } from '../pipeline/analysis/timeWarp.ts';
import { aqaClient } from './aqaClient.ts';
import { packedPoseOf } from '../pipeline/analysis/record.ts';
import { slowMotionFactor } from '../pipeline/aqa/replays.ts';
import { useAnalysisStore } from './analysisStore.ts';
import { useClipStore } from './clipStore.ts';
import { useLibraryStore } from './libraryStore.ts';
import { usePackStore } from './packStore.ts';
import { usePoseStore } from './poseStore.ts';
import { useSessionStore } from './sessionStore.ts';
import { useSettingsStore } from './settingsStore.ts';
import { db, libraryClipId } from './storage.ts';

export type CompareSourceRef = { kind: 'saved'; id: string } | { kind: 'library'; id: string } | { kind: 'bank'; index: number };

export function sourceKey(ref: CompareSourceRef): string {
  return ref.kind === 'bank' ? `bank:${ref.index}` : `${ref.kind}:${ref.id}`;
}

export interface CompareSide {
  label: string;
  detail: string;
  video: { url: string; fps: number; frameCount: number; startTime: number } | null;
  /** frameCount × 16 × 3 in `space` units. */
  joints: Float32Array;
  repaired: Uint8Array | null;
  /** 'frame': pixels of a width × height picture; 'crop': diver-centred crop units (−1…1). */
  space: 'frame' | 'crop';
  width: number;
  height: number;
  marks: StageMarks;
  series: KinematicsSeries;
}

export type CompareView = 'side-by-side' | 'overlay';
export type CompareLayout = 'left-right' | 'top-bottom';

interface CompareState {
  open: boolean;
  source: CompareSourceRef | null;
  exemplar: CompareSide | null;
  loading: boolean;
  error: string | null;
  mode: CompareMode;
  view: CompareView;
  layout: CompareLayout;
  /** Transport position on the comparison's axis (query frames). */
  position: number;
  playing: boolean;
  rate: number;
  openWith(source?: CompareSourceRef): Promise<void>;
  /** Loads the exemplar; whether it could be shown. */
  choose(source: CompareSourceRef): Promise<boolean>;
  close(): void;
  setMode(mode: CompareMode): void;
  setView(view: CompareView): void;
  setLayout(layout: CompareLayout): void;
  setPosition(position: number): void;
  step(delta: number): void;
  togglePlay(): void;
  setRate(rate: number): void;
}

/** The query as a comparison side, from the stores (null until the clip is analysed). */
export function querySide(): CompareSide | null {
  const clip = useClipStore.getState().clip;
  const pose = usePoseStore.getState().sequence;
  const transitions = useAnalysisStore.getState().transitions;
  if (!pose || !transitions) return null;
  return {
    label: clip?.info.name ?? 'This dive',
    detail: 'the dive being judged',
    video: clip ? { url: clip.url, fps: clip.info.fps, frameCount: clip.info.frameCount, startTime: clip.info.startTime } : null,
    joints: pose.joints,
    repaired: pose.repaired,
    space: 'frame',
    width: pose.width,
    height: pose.height,
    marks: { frameCount: pose.frameCount, fps: pose.fps, ...transitions, slower: querySlower() },
    series: kinematicsSeries(pose),
  };
}

/** How many times slower than the dive the analysed clip plays (1 unless it is slow motion throughout). */
function querySlower(): number {
  const encoded = useAnalysisStore.getState().encoded;
  return encoded ? slowMotionFactor(encoded) : 1;
}

/** Why a pack exemplar cannot be shown: its pack carries no skeleton for it (packScorer.ts, writtenOverFirstRow). */
export const NO_PACK_SKELETON = "this pack carries no skeleton for its exemplars (the packs exported before 2026-12-06 lost them in export); choose a saved analysis or one of your library's exemplars";

let loadRun = 0;
let ownedUrl: string | null = null;

/** Frees the previous exemplar's clip URL once its player has gone (revoking it under a live <video> logs a load error). */
function releaseUrl(): void {
  const url = ownedUrl;
  ownedUrl = null;
  if (url) setTimeout(() => URL.revokeObjectURL(url), 2000);
}

async function loadSide(source: CompareSourceRef): Promise<CompareSide> {
  if (source.kind === 'bank') {
    const pack = usePackStore.getState().active;
    const record = pack?.exemplars[source.index];
    if (!pack || !record) throw new Error('that exemplar is not in the active pack');
    const result = await aqaClient(useSettingsStore.getState().inferenceProvider).run({ kind: 'exemplar-poses', index: source.index }).promise;
    if (result.kind !== 'poses' || !result.poses) throw new Error(NO_PACK_SKELETON);
    const T = result.frames;
    // Pack poses are T samples over the whole dive with no frame rate: shown over the query's duration.
    const query = usePoseStore.getState().sequence;
    const duration = query ? query.frameCount / query.fps : T / 25;
    const fps = T / duration;
    const [b1, b2] = record.transitions;
    return {
      label: `${record.diveNumber} ${record.height} m · ${record.officialScore.toFixed(2)}`,
      detail: `pack exemplar ${record.source} — skeleton only (packs carry ${T} poses per dive, no video), shown over this dive’s length`,
      video: null,
      joints: bankPoseJoints(result.poses, T),
      repaired: null,
      space: 'crop',
      width: 2,
      height: 2,
      // Spread over the query clip's length, so at the query's own slowdown.
      marks: { frameCount: T, fps, takeOffEnd: b1 - 1, entryStart: b2, slower: querySlower() },
      series: kinematicsSeriesFromBank(result.poses, { durationSeconds: ((T - 1) / T) * duration }),
    };
  }
  const store = await db();
  if (source.kind === 'saved') {
    const record = await store.get('analyses', source.id);
    if (!record?.pose || !record.stages) throw new Error('that saved analysis has no pose or stages to compare');
    const clip = await store.get('clips', source.id);
    const pose = packedPoseOf(record.pose);
    releaseUrl();
    const url = clip ? (ownedUrl = URL.createObjectURL(clip.blob)) : null;
    return {
      label: `${record.clip.fileName} · ${record.dive.code} ${record.dive.height}`,
      detail: `saved analysis, predicted ${record.summary?.predictedScore.toFixed(2) ?? '—'}${url ? '' : ' — skeleton only (the clip was not kept)'}`,
      video: url ? { url, fps: record.clip.fps, frameCount: record.clip.frameCount, startTime: 0 } : null,
      joints: pose.joints,
      repaired: pose.repaired,
      space: 'frame',
      width: pose.width,
      height: pose.height,
      marks: { frameCount: pose.frameCount, fps: pose.fps, ...record.stages.used, slower: record.encoded ? slowMotionFactor({ replay: record.encoded.replay ?? null, slowdown: record.encoded.slowdown ?? null }) : 1 },
      series: kinematicsSeries(pose),
    };
  }
  const entry = useLibraryStore.getState().entries.find((e) => e.id === source.id);
  if (!entry) throw new Error('that library exemplar is no longer there');
  const clip = await store.get('clips', libraryClipId(entry.id));
  const pose = packedPoseOf(entry.pose);
  releaseUrl();
  const url = clip ? (ownedUrl = URL.createObjectURL(clip.blob)) : null;
  return {
    label: `${entry.clip.fileName} · ${entry.record.diveNumber} ${entry.record.height} m`,
    detail: `your exemplar, official ${entry.record.officialScore.toFixed(2)}${url ? '' : ' — skeleton only (the clip was not kept)'}`,
    video: url ? { url, fps: entry.clip.fps, frameCount: entry.clip.frameCount, startTime: 0 } : null,
    joints: pose.joints,
    repaired: pose.repaired,
    space: 'frame',
    width: pose.width,
    height: pose.height,
    marks: { frameCount: pose.frameCount, fps: pose.fps, ...entry.stages },
    series: kinematicsSeries(pose),
  };
}

export const useCompareStore = create<CompareState>()((set, get) => ({
  open: false,
  source: null,
  exemplar: null,
  loading: false,
  error: null,
  mode: 'aligned',
  view: 'side-by-side',
  layout: 'left-right',
  position: 0,
  playing: false,
  rate: 0.5,

  async openWith(source) {
    set({ open: true, playing: false, error: null });
    const chosen = source ?? get().source;
    if (chosen) {
      await get().choose(chosen);
      return;
    }
    // The first of the likely exemplars that can be shown; the first one's reason when none can.
    let firstError: string | null = null;
    for (const candidate of defaultSources()) {
      if (await get().choose(candidate)) return;
      firstError ??= get().error;
    }
    if (firstError) set({ error: firstError });
  },

  async choose(source) {
    const run = ++loadRun;
    set({ source, loading: true, error: null, playing: false });
    try {
      const exemplar = await loadSide(source);
      if (run !== loadRun) return false;
      set({ exemplar, loading: false, position: 0 });
      return true;
    } catch (error) {
      if (run !== loadRun) return false;
      set({ exemplar: null, loading: false, error: `That exemplar cannot be shown: ${error instanceof Error ? error.message : String(error)}.` });
      return false;
    }
  },

  close() {
    loadRun++;
    releaseUrl();
    set({ open: false, playing: false, exemplar: null, source: null });
  },

  setMode(mode) {
    set({ mode, playing: false });
  },
  setView(view) {
    set({ view });
  },
  setLayout(layout) {
    set({ layout });
  },
  setPosition(position) {
    const query = querySide();
    const { exemplar, mode } = get();
    const length = query && exemplar ? compareLength(mode, query.marks, exemplar.marks) : 1;
    set({ position: Math.min(Math.max(0, position), length - 1) });
  },
  step(delta) {
    set({ playing: false });
    get().setPosition(Math.round(get().position) + delta);
  },
  togglePlay() {
    set({ playing: !get().playing });
  },
  setRate(rate) {
    set({ rate });
  },
}));

/**
 * What to compare with when nothing is chosen, likeliest first: the analysis's voting pack
 * exemplars, then the other saved analyses, then the library's exemplars.
 */
function defaultSources(): CompareSourceRef[] {
  const voted = useAnalysisStore.getState().score?.exemplars ?? [];
  const pack = usePackStore.getState().active;
  const packCount = pack?.exemplarSkeletons ? pack.exemplars.length : 0;
  const session = useSessionStore.getState();
  const current = session.current?.id ?? null;
  return [
    ...voted.filter((i) => i < packCount).map((index): CompareSourceRef => ({ kind: 'bank', index })),
    ...session.listings.filter((l) => l.id !== current).map((l): CompareSourceRef => ({ kind: 'saved', id: l.id })),
    ...useLibraryStore.getState().entries.map((e): CompareSourceRef => ({ kind: 'library', id: e.id })),
  ];
}
