/**
 * The analysis of the current clip: pose (pose store) → encoder once per clip (stage transitions,
 * splash) → comparison with the voting exemplars → the score a judge reads. Editing a stage
 * transition, the exemplars or N reruns only the comparison. Every run is tagged, so a result that
 * arrives after the clip, the dive or the pack changed is dropped.
 */
import { clipPoseInputOf } from '../pipeline/pose/packed.ts';
import { create } from 'zustand';
import { heightMetres } from '../domain/index.ts';
import { boundariesForEditedTransitions, clampTransitions, editBelowResolution, summariseScore, type ScoreSummary } from '../pipeline/aqa/analysis.ts';
import { checklistOnPage } from './checklistOnPage.ts';
import type { ClipScore } from '../pipeline/aqa/packScorer.ts';
import { boundariesToFrames, type FrameTransitions } from '../pipeline/aqa/stages.ts';
import { sceneTrackChannels } from '../pipeline/aqa/sceneTrack.ts';
import { transferablesOfTail } from '../pipeline/splash/clipSplash.ts';
import { WorkerJobError, type JobHandle } from '../workers/client.ts';
import type { AnalysedClip, AqaJobResult } from '../workers/aqa.worker.ts';
import type { AnalysisRecord } from '../pipeline/analysis/record.ts';
import { aqaClient } from './aqaClient.ts';
import { excludedFromVote, votingBank } from './votingBank.ts';
import { useLibraryStore } from './libraryStore.ts';
import { useClipStore } from './clipStore.ts';
import { useDiveStore } from './diveStore.ts';
import { usePackStore, trainingLabel } from './packStore.ts';
import { trainingLabelOf } from '../pipeline/aqa/provenance.ts';
import { otherDiverReason, unjudgeableReason } from '../pipeline/aqa/judgeable.ts';
import { takeSplashTail, usePoseStore } from './poseStore.ts';
import { useSettingsStore } from './settingsStore.ts';

export type AnalysisPhase = 'pose' | 'encode' | 'compare';

export interface AnalysisProgress {
  phase: AnalysisPhase;
  /** 0–1 over the whole analysis (pose is most of it). */
  fraction: number;
  label: string;
}

export interface AnalysisTimings {
  poseMs: number | null;
  decodeMs: number;
  encodeMs: number;
  splashMs: number;
  /** Decoding every frame small and tracking the camera, for packs that take the scene track (0 otherwise). */
  sceneMs: number;
  compareMs: number;
  /** From pressing Analyze (or the clip loading, when automatic) to the first score. */
  totalMs: number | null;
  /** Frames the splash decoded itself (0: it read the frames the pose pass kept); absent in saved analyses. */
  splashFramesDecoded?: number;
}

export type VoteMode = 'auto' | 'chosen';

interface AnalysisState {
  status: 'idle' | 'running' | 'encoded' | 'scored' | 'error' | 'cancelled';
  progress: AnalysisProgress | null;
  clipUrl: string | null;
  packKey: string | null;
  encoded: AnalysedClip | null;
  /** Transitions the model predicted, and the ones in use (edited by the judge or the model's). */
  modelTransitions: FrameTransitions | null;
  transitions: FrameTransitions | null;
  undoStack: FrameTransitions[];
  redoStack: FrameTransitions[];
  voteMode: VoteMode;
  voteN: number;
  chosen: number[];
  score: ClipScore | null;
  summary: ScoreSummary | null;
  /** The label every score carries (what the pack was trained on). */
  scoreLabel: string | null;
  /** Why there is no score although the clip is encoded (e.g. no dive number). */
  notice: string | null;
  error: string | null;
  timings: AnalysisTimings | null;
  analyze(): Promise<void>;
  rescore(): Promise<void>;
  /** While dragging: move the transition on screen only. */
  previewTransitions(transitions: FrameTransitions): void;
  /** Drop: keep the edit (undoable) and rescore. */
  commitTransitions(transitions: FrameTransitions, before?: FrameTransitions): void;
  undo(): void;
  redo(): void;
  resetTransitions(): void;
  setVoteN(n: number): void;
  setVoteMode(mode: VoteMode): void;
  toggleExemplar(index: number): void;
  cancel(): void;
  reset(): void;
  /** Show a saved analysis as it was saved; the worker gets the clip again on the first rescore. */
  applyRecord(record: AnalysisRecord): void;
  /** The id of the saved analysis on screen, when it was reopened rather than computed. */
  restoredFrom: string | null;
  /** The file an analysis on screen was imported from, until it is analysed again on this device. */
  importedFrom: string | null;
  /** Why the last stage edit left the score as it was (below the model's time resolution), or null. */
  editNote: string | null;
}

export const MAX_VOTE_N = 50;

let runToken = 0;
let scoreToken = 0;
let encodeJob: JobHandle<AqaJobResult> | null = null;
let startedAt = 0;
/** The encoded clip the scoring worker holds (compared by identity with the store's `encoded`). */
let workerClip: AnalysedClip | null = null;

function sameTransitions(a: FrameTransitions | null, b: FrameTransitions | null): boolean {
  return !!a && !!b && a.takeOffEnd === b.takeOffEnd && a.entryStart === b.entryStart;
}

function errorText(error: unknown): string {
  if (error instanceof WorkerJobError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/** Frames the stages may cover: the clip's, or those before a slow-motion replay the analysis left out. */
function analysedFrameCount(): number {
  const frames = useClipStore.getState().clip?.info.frameCount ?? 0;
  const replay = useAnalysisStore.getState().encoded?.replay;
  return replay ? Math.min(frames, replay.start) : frames;
}

export const useAnalysisStore = create<AnalysisState>()((set, get) => ({
  status: 'idle',
  progress: null,
  clipUrl: null,
  packKey: null,
  encoded: null,
  modelTransitions: null,
  transitions: null,
  undoStack: [],
  redoStack: [],
  voteMode: 'auto',
  voteN: 10,
  chosen: [],
  score: null,
  summary: null,
  scoreLabel: null,
  notice: null,
  error: null,
  timings: null,
  restoredFrom: null,
  importedFrom: null,
  editNote: null,

  async analyze() {
    const clip = useClipStore.getState().clip;
    const pack = usePackStore.getState().active;
    if (!clip) return;
    if (!pack) {
      set({ status: 'error', error: 'No model pack is active, so the dive cannot be scored. Load a pack from the Model pack menu.' });
      return;
    }
    const token = ++runToken;
    scoreToken++;
    encodeJob?.cancel();
    startedAt = performance.now();
    const stale = () => token !== runToken;
    set({
      status: 'running',
      clipUrl: clip.url,
      packKey: pack.key,
      encoded: null,
      score: null,
      summary: null,
      notice: null,
      error: null,
      modelTransitions: null,
      transitions: null,
      undoStack: [],
      redoStack: [],
      timings: null,
      restoredFrom: null,
      importedFrom: null,
      editNote: null,
      progress: { phase: 'pose', fraction: 0, label: 'Finding the diver' },
    });

    // 1. Pose (cached per clip in the pose store).
    let pose = usePoseStore.getState();
    let poseMs: number | null = null;
    if (pose.status !== 'done' || pose.clipUrl !== clip.url || !pose.sequence) {
      const poseStarted = performance.now();
      const unsubscribe = usePoseStore.subscribe((s) => {
        if (stale() || !s.progress) return;
        const fraction = 0.85 * (s.progress.total > 0 ? s.progress.done / s.progress.total : 0);
        set({ progress: { phase: 'pose', fraction, label: `${s.progress.stage} — frame ${s.progress.done} of ${s.progress.total}` } });
      });
      try {
        if (pose.status === 'running' && pose.clipUrl === clip.url) {
          await new Promise<void>((resolve) => {
            const stop = usePoseStore.subscribe((s) => {
              if (s.status !== 'running') {
                stop();
                resolve();
              }
            });
          });
        } else await pose.runPose(clip);
      } finally {
        unsubscribe();
      }
      if (stale()) return;
      pose = usePoseStore.getState();
      poseMs = performance.now() - poseStarted;
      if (pose.status === 'cancelled') {
        set({ status: 'cancelled', progress: null });
        return;
      }
      if (pose.status !== 'done' || !pose.sequence) {
        set({ status: 'error', progress: null, error: pose.error ?? 'The diver could not be found in this clip.' });
        return;
      }
    }
    const sequence = pose.sequence;
    if (!sequence) return;
    if (sequence.detected.every((d) => d === 0)) {
      set({ status: 'error', progress: null, error: 'No diver was found in this clip, so it cannot be scored. Is it a diving clip with the diver in view?' });
      return;
    }

    // 2. Encoder: stage transitions and splash.
    set({ progress: { phase: 'encode', fraction: 0.86, label: 'Encoding the dive' } });
    const provider = useSettingsStore.getState().inferenceProvider;
    const ofThisClip = pose.clipUrl === clip.url;
    // The clip's last frames the pose pass kept move to the scoring worker: its splash decodes nothing.
    const splashTail = ofThisClip ? takeSplashTail(sequence) : null;
    const job = aqaClient(provider).run(
      {
        kind: 'analyze',
        file: clip.file,
        pose: clipPoseInputOf(sequence, ofThisClip ? pose.cameraPath : null, splashTail),
      },
      {
        transfer: splashTail ? transferablesOfTail(splashTail) : [],
        onProgress: (done, total, label) => {
          if (!stale()) set({ progress: { phase: 'encode', fraction: 0.86 + 0.1 * (total > 0 ? done / total : 0), label } });
        },
      },
    );
    encodeJob = job;
    let result: AqaJobResult;
    try {
      result = await job.promise;
    } catch (error) {
      if (stale()) return;
      if (error instanceof WorkerJobError && error.cancelled) set({ status: 'cancelled', progress: null });
      else set({ status: 'error', progress: null, error: errorText(error) });
      return;
    } finally {
      if (encodeJob === job) encodeJob = null;
    }
    if (stale() || result.kind !== 'analysed') return;
    const encoded = result.clip;
    workerClip = encoded;
    const transitions = boundariesToFrames(encoded.boundaries, encoded.frameIndices);
    set({
      encoded,
      modelTransitions: transitions,
      transitions,
      timings: {
        poseMs,
        decodeMs: encoded.timings.decodeMs,
        encodeMs: encoded.timings.encodeMs,
        splashMs: encoded.timings.splashMs,
        sceneMs: encoded.timings.sceneMs,
        compareMs: 0,
        totalMs: null,
        splashFramesDecoded: encoded.timings.splashFramesDecoded,
      },
    });
    await get().rescore();
  },

  async rescore() {
    const { encoded, transitions, modelTransitions, voteMode, chosen, voteN } = get();
    const pack = usePackStore.getState().active;
    if (!encoded || !transitions || !pack) return;
    const dive = useDiveStore.getState().dive;
    if (!dive.code || dive.dd === null) {
      scoreToken++;
      set({
        status: 'encoded',
        progress: null,
        score: null,
        summary: null,
        notice: dive.code ? `No score: ${dive.problem ?? 'the dive number is not valid'}.` : 'Enter the dive number (and height) to score this dive: the exemplars it is compared with must be the same dive.',
      });
      return;
    }
    const sequence = usePoseStore.getState().sequence;
    const unseen = (sequence && sequence.detected.length > 0 ? unjudgeableReason(sequence.detected, transitions) : null) ?? otherDiverReason(usePoseStore.getState().otherPeople);
    if (unseen) {
      scoreToken++;
      set({ status: 'encoded', progress: null, score: null, summary: null, notice: unseen });
      return;
    }
    const token = ++scoreToken;
    if (workerClip !== encoded && !(await giveWorkerTheClip(encoded, token))) return;
    // Stages the model sees as its own (unedited, or moved within one gap between model frames) go
    // as null: the worker then averages the encoder's likeliest splits. Others are scored as set.
    const editedOnModelAxis = sameTransitions(transitions, modelTransitions) ? null : boundariesForEditedTransitions(transitions, encoded.frameIndices).boundaries;
    const edited = editedOnModelAxis !== null && (editedOnModelAxis[0] !== encoded.boundaries[0] || editedOnModelAxis[1] !== encoded.boundaries[1]);
    const boundaries = edited ? editedOnModelAxis : null;
    const exemplars = voteMode === 'chosen' && chosen.length > 0 ? chosen : null;
    if (get().status !== 'scored') set({ progress: { phase: 'compare', fraction: 0.97, label: 'Comparing with the exemplars' } });
    const provider = useSettingsStore.getState().inferenceProvider;
    try {
      const result = await aqaClient(provider).run({
        kind: 'score',
        boundaries,
        exemplars,
        dive: { diveNumber: dive.code, height: heightMetres(dive.height), dd: dive.dd },
        voteN,
        exclude: excludedFromVote(),
      }).promise;
      if (token !== scoreToken || result.kind !== 'score') return;
      const detected = usePoseStore.getState().sequence?.detected ?? null;
      // Half the score is the award from the faults the checklist measures (CHECKLIST_SHARE).
      const checklist = checklistOnPage(usePoseStore.getState().sequence, transitions, encoded, dive);
      const summary = summariseScore(result.score, votingBank(), pack.manifest.model.stages, dive.dd, {
        detected,
        transitions,
        frameCount: useClipStore.getState().clip?.info.frameCount ?? detected?.length ?? 0,
        diveNumber: dive.code,
        heightMetres: heightMetres(dive.height),
        boundaries: result.score.boundaries,
        modelFrames: encoded.frameIndices.length,
        startsInFlight: encoded.startsInFlight,
        slowdown: encoded.slowdown,
      }, checklist);
      // What the worker averaged when the stages were the encoder's own (none for stages set by the judge).
      summary.stageSplits = result.score.stageSplits ?? null;
      if (result.score.samplings !== undefined) summary.samplings = result.score.samplings;
      const timings = get().timings;
      set({
        status: 'scored',
        progress: null,
        score: result.score,
        summary,
        scoreLabel: trainingLabel(pack.manifest),
        notice: null,
        error: null,
        timings: timings ? { ...timings, compareMs: result.compareMs, totalMs: timings.totalMs ?? performance.now() - startedAt } : null,
      });
    } catch (error) {
      if (token !== scoreToken) return;
      set({ status: 'encoded', progress: null, score: null, summary: null, notice: errorText(error) });
    }
  },

  previewTransitions(transitions) {
    const count = analysedFrameCount();
    set({ transitions: clampTransitions(transitions, count) });
  },

  commitTransitions(transitions, before) {
    const count = analysedFrameCount();
    const previous = before ?? get().transitions;
    const next = clampTransitions(transitions, count);
    if (!previous) return;
    const frameIndices = get().encoded?.frameIndices ?? [];
    set((s) => ({
      transitions: next,
      editNote: editBelowResolution(previous, next, frameIndices),
      undoStack: sameTransitions(previous, next) ? s.undoStack : [...s.undoStack, previous].slice(-50),
      redoStack: sameTransitions(previous, next) ? s.redoStack : [],
    }));
    void get().rescore();
  },

  undo() {
    const { undoStack, transitions } = get();
    const previous = undoStack.at(-1);
    if (!previous || !transitions) return;
    set((s) => ({ transitions: previous, editNote: null, undoStack: s.undoStack.slice(0, -1), redoStack: [...s.redoStack, transitions] }));
    void get().rescore();
  },

  redo() {
    const { redoStack, transitions } = get();
    const next = redoStack.at(-1);
    if (!next || !transitions) return;
    set((s) => ({ transitions: next, editNote: null, redoStack: s.redoStack.slice(0, -1), undoStack: [...s.undoStack, transitions] }));
    void get().rescore();
  },

  resetTransitions() {
    const { modelTransitions } = get();
    if (modelTransitions) get().commitTransitions(modelTransitions);
  },

  setVoteN(n) {
    const voteN = Math.min(MAX_VOTE_N, Math.max(1, Math.round(n)));
    if (voteN === get().voteN) return;
    set({ voteN });
    if (get().voteMode === 'auto') void get().rescore();
  },

  setVoteMode(voteMode) {
    if (voteMode === get().voteMode) return;
    // Switching to chosen exemplars starts from the ones that voted, so nothing jumps.
    const chosen = voteMode === 'chosen' && get().chosen.length === 0 ? [...(get().score?.exemplars ?? [])] : get().chosen;
    set({ voteMode, chosen });
    void get().rescore();
  },

  toggleExemplar(index) {
    // From automatic voting, an edit starts from the exemplars that voted.
    const base = get().voteMode === 'auto' ? [...(get().score?.exemplars ?? [])] : get().chosen;
    const chosen = base.includes(index) ? base.filter((i) => i !== index) : [...base, index];
    set({ chosen, voteMode: 'chosen' });
    void get().rescore();
  },

  cancel() {
    runToken++;
    scoreToken++;
    if (get().progress?.phase === 'pose') usePoseStore.getState().cancel();
    encodeJob?.cancel();
    encodeJob = null;
    if (get().status === 'running') set({ status: 'cancelled', progress: null });
  },

  reset() {
    runToken++;
    scoreToken++;
    encodeJob?.cancel();
    encodeJob = null;
    set({
      status: 'idle',
      progress: null,
      clipUrl: null,
      encoded: null,
      modelTransitions: null,
      transitions: null,
      undoStack: [],
      redoStack: [],
      chosen: [],
      voteMode: 'auto',
      score: null,
      summary: null,
      notice: null,
      error: null,
      timings: null,
      restoredFrom: null,
      importedFrom: null,
      editNote: null,
    });
  },

  applyRecord(record) {
    runToken++;
    scoreToken++;
    encodeJob?.cancel();
    encodeJob = null;
    const e = record.encoded;
    const encoded: AnalysedClip | null = e
      ? {
          frameIndices: e.frameIndices,
          boundaries: e.boundaries,
          transitionProbs: Float32Array.from(e.transitionProbs),
          inputs: {
            poses: Float32Array.from(e.poses),
            splash: Float32Array.from(e.splash),
            ...(e.sceneTrack ? { sceneTrack: Float32Array.from(e.sceneTrack) } : {}),
            ...(e.resampled ? { resampled: e.resampled.map((r) => ({ frameIndices: [...r.frameIndices], poses: Float32Array.from(r.poses), splash: Float32Array.from(r.splash), ...(r.sceneTrack ? { sceneTrack: Float32Array.from(r.sceneTrack) } : {}) })) } : {}),
          },
          splash: e.splashMeasured,
          takeOff: e.takeOff ?? null,
          startsInFlight: e.startsInFlight ?? false,
          cuts: e.cuts ?? [],
          replay: e.replay ?? null,
          slowdown: e.slowdown ?? null,
          timings: { decodeMs: 0, encodeMs: record.timings?.encodeMs ?? 0, splashMs: record.timings?.splashMs ?? 0, sceneMs: 0, encodePasses: 0, splashFramesDecoded: 0 },
        }
      : null;
    const r = record.score;
    const score: ClipScore | null = r
      ? { relative: Float32Array.from(r.relative), stageScores: Float32Array.from(r.stageScores), relativeSplash: Float32Array.from(r.relativeSplash), vote: r.vote, exemplars: r.exemplars, boundaries: r.boundaries, ...(r.stageSplitSpread !== undefined ? { stageSplitSpread: r.stageSplitSpread } : {}) }
      : null;
    const active = usePackStore.getState().active;
    const samePack = !!active && active.manifest.id === record.pack.id && active.manifest.version === record.pack.version;
    set({
      status: score && record.summary ? 'scored' : encoded ? 'encoded' : 'idle',
      progress: null,
      clipUrl: useClipStore.getState().clip?.url ?? null,
      packKey: record.pack.key,
      encoded,
      modelTransitions: record.stages?.model ?? null,
      transitions: record.stages?.used ?? null,
      undoStack: [],
      redoStack: [],
      voteMode: record.voting.mode,
      voteN: record.voting.n,
      chosen: record.voting.chosen,
      score,
      summary: record.summary,
      // The label is the app's reading of the pack's claim, never the text a file carries.
      scoreLabel: trainingLabelOf(record.pack.trainedOn),
      importedFrom: record.importedFrom ?? null,
      editNote: null,
      notice: samePack ? null : `Saved with the pack “${record.pack.name}” ${record.pack.version}; the figures shown are from then. Press Analyze to score it with the active pack.`,
      error: null,
      timings: record.timings ? { ...record.timings, decodeMs: 0, sceneMs: 0 } : null,
      restoredFrom: record.id,
    });
  },
}));

/**
 * A reopened analysis: the worker re-encodes it from the saved encoder inputs (pose packs), or
 * from the clip (packs that look at pixels) before the first rescore.
 */
async function giveWorkerTheClip(encoded: AnalysedClip, token: number): Promise<boolean> {
  const pack = usePackStore.getState().active;
  const provider = useSettingsStore.getState().inferenceProvider;
  if (!pack) return false;
  try {
    // Pixel packs need the clip; scene-track packs too when the save has no scene track of theirs (another pack made it).
    const scene = pack.manifest.inputs.sceneTrack;
    const savedTrackFits = !scene || encoded.inputs.sceneTrack?.length === encoded.frameIndices.length * sceneTrackChannels(scene.normalisation);
    if (pack.manifest.inputs.crop || !savedTrackFits) {
      const clip = useClipStore.getState().clip;
      const pose = usePoseStore.getState().sequence;
      if (!clip || !pose) throw new Error('this pack looks at the pixels: open the clip again to rescore it');
      const result = await aqaClient(provider).run({
        kind: 'analyze',
        file: clip.file,
        pose: clipPoseInputOf(pose),
      }).promise;
      if (result.kind !== 'analysed') return false;
    } else {
      const result = await aqaClient(provider).run({ kind: 'restore-clip', poses: encoded.inputs.poses.slice(), splash: encoded.inputs.splash.slice(), ...(encoded.inputs.sceneTrack ? { sceneTrack: encoded.inputs.sceneTrack.slice() } : {}), frameIndices: encoded.frameIndices, ...(encoded.inputs.resampled ? { resampled: encoded.inputs.resampled } : {}) }).promise;
      if (result.kind !== 'analysed') return false;
    }
    workerClip = encoded;
    return token === scoreToken;
  } catch (error) {
    if (token === scoreToken) useAnalysisStore.setState({ notice: `The saved analysis cannot be rescored: ${errorText(error)}.` });
    return false;
  }
}

/**
 * Keeps the analysis in step with the rest of the app: a new clip clears it; a pose that finishes
 * starts it (when automatic); a new dive number or library rescores; a new pack re-encodes.
 */
export function connectAnalysis(): () => void {
  const stops = [
    useClipStore.subscribe((s, before) => {
      if (s.clip !== before.clip) useAnalysisStore.getState().reset();
    }),
    usePoseStore.subscribe((s, before) => {
      const analysis = useAnalysisStore.getState();
      const clip = useClipStore.getState().clip;
      const alreadyAnalysed = analysis.encoded !== null && analysis.clipUrl === clip?.url;
      // A pose run that just finished (the judge picked the diver, or found them again) is analysed again; a restored pose is not.
      // A saved pose whose saved analysis comes with it starts nothing: the clip's React effect may
      // finish it before the saved analysis is applied, and a new analysis would then race it in.
      const freshRun = before.status === 'running';
      if (s.status === 'done' && before.status !== 'done' && !s.savedWithAnalysis && clip && s.clipUrl === clip.url && analysis.status !== 'running' && (!alreadyAnalysed || freshRun) && useSettingsStore.getState().autoAnalyze && usePackStore.getState().active) {
        void analysis.analyze();
      }
    }),
    useDiveStore.subscribe((s, before) => {
      if (s.dive.code === before.dive.code && s.dive.height === before.dive.height) return;
      const analysis = useAnalysisStore.getState();
      if (analysis.encoded) {
        useAnalysisStore.setState({ chosen: [], voteMode: 'auto' });
        void analysis.rescore();
      }
    }),
    // The library joined the vote (an exemplar added, imported or deleted, or features for a new pack): score again.
    useLibraryStore.subscribe((s, before) => {
      if (s.synced === before.synced && s.syncedPackKey === before.syncedPackKey) return;
      const analysis = useAnalysisStore.getState();
      if (analysis.encoded && (analysis.status === 'scored' || analysis.status === 'encoded')) void analysis.rescore();
    }),
    usePackStore.subscribe((s, before) => {
      if (s.generation === before.generation) return;
      const analysis = useAnalysisStore.getState();
      // A reopened analysis made with this very pack stays as saved (the worker gets it on the first rescore).
      if (analysis.restoredFrom && s.active?.key === analysis.packKey && analysis.status !== 'running') return;
      const clip = useClipStore.getState().clip;
      useAnalysisStore.setState({ chosen: [], voteMode: 'auto' });
      if (clip && (analysis.encoded || analysis.status === 'running')) void analysis.analyze();
      else if (clip && usePoseStore.getState().status === 'done' && useSettingsStore.getState().autoAnalyze) void analysis.analyze();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
