/**
 * Two models on the same view, fused joint by joint (fuse.ts): where they agree the estimate is
 * averaged, where they disagree the more confident one wins. Costs the sum of both models.
 */
import { fuseViews, nearestPerson } from '../fuse.ts';
import type { BackendInfo, BackendPerson, PoseBackend } from './types.ts';

/** Two models behind one backend: both loaded, both forgotten and disposed together. */
abstract class TwoModelBackend implements PoseBackend {
  constructor(
    readonly info: BackendInfo,
    protected readonly primary: PoseBackend,
    protected readonly secondary: PoseBackend,
  ) {}

  abstract estimate(input: ImageData, maxPeople: number): Promise<BackendPerson[]>;

  async init(assetBase: string): Promise<void> {
    await this.primary.init(assetBase);
    await this.secondary.init(assetBase);
  }

  forget(): void {
    this.primary.forget?.();
    this.secondary.forget?.();
  }

  snapMemory(): void {
    this.primary.snapMemory?.();
    this.secondary.snapMemory?.();
  }

  get device(): PoseBackend['device'] {
    return this.primary.device ?? this.secondary.device;
  }

  dispose(): void {
    this.primary.dispose();
    this.secondary.dispose();
  }
}

export class EnsembleBackend extends TwoModelBackend {
  async estimate(input: ImageData, maxPeople: number): Promise<BackendPerson[]> {
    const first = await this.primary.estimate(input, maxPeople);
    // The secondary model is single-person: pair it with the primary's nearest person.
    const [second] = await this.secondary.estimate(input, 1);
    if (!second) return first;
    if (first.length === 0) return [second];
    const partner = nearestPerson(second, first);
    const agreePx = Math.max(input.width, input.height) * 0.04;
    return first.map((person) => (person === partner ? fuseViews([person, second], agreePx) ?? person : person));
  }
}

/**
 * The primary model, and a second one only for views where the primary finds nobody or is
 * unsure: the second model's detector finds bodies the first misses (measured on rendered and
 * small broadcast divers), at no cost on frames the primary handles.
 */
export class FallbackBackend extends TwoModelBackend {
  constructor(
    info: BackendInfo,
    primary: PoseBackend,
    secondary: PoseBackend,
    private readonly minScore: number,
  ) {
    super(info, primary, secondary);
  }

  async estimate(input: ImageData, maxPeople: number): Promise<BackendPerson[]> {
    const first = await this.primary.estimate(input, maxPeople);
    if (first.some((p) => p.score >= this.minScore)) return first;
    const second = await this.secondary.estimate(input, maxPeople);
    const best = (people: BackendPerson[]) => people.reduce((m, p) => Math.max(m, p.score), 0);
    return best(second) > best(first) ? second : first;
  }
}
