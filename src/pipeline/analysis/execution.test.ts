import { describe, expect, it } from 'vitest';
import { parseDiveNumber, UNSEEN_FAULTS_ALLOWANCE } from '../../domain/index.ts';
import { OUTLINE_BEYOND_JOINTS_M, type TakeOffGeometry } from '../aqa/takeOff.ts';
import { LOOSELY_MEASURED, MEASUREMENT_UNCERTAINTY, TYPICAL_DEDUCTION, benefitOfDoubt, checklistFor, executionChecklist, figuresWithChecklist, formatExecutionValue, waterContact, type ExecutionChecklist, type ExecutionInput, type ExecutionItem } from './execution.ts';
import { stickDive as dive } from './stickFigure.ts';
import { CUT_AT_ENTRY, VIEW_ENDS_BEFORE_SPLASH } from '../video/shots.ts';
import { kinematicsFigures, kinematicsSeries } from './kinematics.ts';

const TAKE_OFF: TakeOffGeometry = { takeOffFrame: 9, apexFrame: 21, bodyLength: 170, bodyLengthM: 1.6, rise: 0.5, clearance: 0.4 };

function checklist(overrides: Partial<ExecutionInput> = {}, code = '103C'): ExecutionChecklist {
  return executionChecklist({ poses: dive(), transitions: { takeOffEnd: 9, entryStart: 33 }, takeOff: TAKE_OFF, splash: null, dive: parseDiveNumber(code), height: '1m', ...overrides });
}

function item(list: ExecutionChecklist, id: string): ExecutionItem {
  const found = list.items.find((i) => i.id === id);
  if (!found) throw new Error(`no item ${id}`);
  return found;
}

describe('executionChecklist', () => {
  it('counts the somersaults turned from take-off to the water', () => {
    const s = item(checklist(), 'somersaults');
    expect(s.value).toBeCloseTo(1.5, 1);
    expect(s.reliable).toBe(true);
    expect(s.refereeCall).toBeNull();
  });

  it('finds the water contact from the fall, or from where the splash starts', () => {
    expect(waterContact(null, TAKE_OFF, 30, '1m')).toEqual({ frame: expect.closeTo(37.6, 1) as number, source: 'fall' });
    const trace = [0, 0, 0, 0.02, 0.1, 0.2, 0.25, 0.2];
    // Peak 0.25: the first value at 30% of it is 0.1 (index 4), rising 0.08 from 0.02: zero at 2.75.
    expect(waterContact({ score: 3, areaSeconds: 0.1, confidence: 0.9, reason: null, entryIndex: 30, trace }, TAKE_OFF, 30, '1m')).toEqual({ frame: 32.75, source: 'splash' });
    expect(waterContact(null, null, 30, '1m')).toBeNull();
  });

  it('signs the entry angle: + past vertical, − short, 0 vertical', () => {
    expect(item(checklist(), 'entry-angle').value).toBeCloseTo(0, 0);
    const over = item(checklist({ poses: dive({ entryTrunk: 560 }) }), 'entry-angle');
    expect(over.value).toBeCloseTo(20, 0);
    // 20° less the measurement's uncertainty (5.7°) is read as ~14°: slightly over.
    expect(over.band).toBe('slightly short or over');
    expect(item(checklist({ poses: dive({ entryTrunk: 525 }) }), 'entry-angle').value).toBeCloseTo(-15, 0);
  });

  it('reads the tuck as the tightest mean of hip and knee against the tight tuck called for, and does not judge straight knees in a tuck', () => {
    const tight = item(checklist(), 'tightness');
    // Hip 40°, knee 35° held: 37.5°, 2.5° tighter than the 40° tuck a somersault calls for.
    expect(tight.value).toBeCloseTo(-2.5, 0);
    expect(formatExecutionValue(tight)).toBe('2° tighter than called for');
    expect(tight.note).toMatch(/mean hip and knee angle 38° as held .* against 40° called for/);
    expect(tight.frames[0]).toBeGreaterThanOrEqual(16);
    expect(tight.deduction).toBe(0);
    const knees = item(checklist(), 'knees');
    expect(knees.applies).toBe(false);
    expect(knees.note).toMatch(/not judged/);
  });

  it('reads the entry angle only on frames with the body lined up, and says so when it is still folded', () => {
    const folded = item(checklist({ poses: dive({ hipAtEntry: 120 }) }), 'entry-angle');
    expect(folded.value).toBeNull();
    expect(folded.note).toMatch(/the body is still folded in \d of the \d frames before water contact: no body line to read/);
    const lined = item(checklist({ poses: dive({ hipAtEntry: 160 }) }), 'entry-angle');
    expect(lined.reliable).toBe(true);
  });

  it('does not rely on an entry angle read through joints filled in after the diver was lost', () => {
    const poses = dive();
    const seen = item(checklist({ poses }), 'entry-angle');
    expect(seen.reliable).toBe(true);
    // The same joints, but those of the frames before the water contact (37.6) filled in by the pose stage's repair.
    const repaired = new Uint8Array(poses.frameCount * 16);
    for (let f = 33; f < poses.frameCount; f++) repaired.fill(1, f * 16, (f + 1) * 16);
    const filled = item(checklist({ poses: { ...poses, repaired } }), 'entry-angle');
    expect(filled.value).toBeCloseTo(seen.value ?? Number.NaN, 6);
    expect(filled.reliable).toBe(false);
    expect(filled.note).toMatch(/the body is seen in only 0 of the 5 frames before it \(in 5 more its joints are filled in from the frames around\)/);
  });

  it('reads a pike on the fold between shoulders and ankles, against a closed pike in a somersault and an open one in a plain dive', () => {
    const closed = item(checklist({ poses: dive({ kneeInFlight: 180 }) }, '103B'), 'tightness');
    expect(closed.value).toBeCloseTo(10, 0);
    expect(closed.band).toBe('tight');
    expect(formatExecutionValue(closed)).toBe('10° looser than called for');
    const open = item(checklist({ poses: dive({ kneeInFlight: 180, hipInFlight: 90 }) }, '103B'), 'tightness');
    expect(open.value).toBeCloseTo(60, 0);
    expect(open.band).toBe('very open');
    expect(open.deduction).toBeGreaterThanOrEqual(1);
    // The same 90° fold in a forward dive pike, shown open by convention: 35° past the open pike.
    const plain = item(checklist({ poses: dive({ kneeInFlight: 180, hipInFlight: 90 }) }, '101B'), 'tightness');
    expect(plain.value).toBeCloseTo(35, 0);
    expect(plain.band).toBe('open');
    expect(plain.note).toMatch(/fold at the hips 90° as held .* against 55° called for/);
  });

  it('shows a twisting dive\'s tightness with its band but does not count it in the award from faults', () => {
    const open = { poses: dive({ kneeInFlight: 180, hipInFlight: 90 }) };
    const somersault = checklist(open, '105B'), twisting = checklist(open, '5132D'), twistingPike = checklist(open, '5253B');
    expect(item(twisting, 'tightness').applies).toBe(false); // free position: nothing held to judge
    const tight = item(twistingPike, 'tightness');
    expect(tight.value).toBeCloseTo(60, 0);
    expect(tight.band).toBe('very open');
    expect(tight.reliable).toBe(false);
    expect(tight.note).toMatch(/a twisting dive holds its position only between the twists/);
    expect(item(somersault, 'tightness').reliable).toBe(true);
    expect(twistingPike.counted).toBeLessThan(somersault.counted);
  });

  it('reads bent knees where the body is straight, and counts their deduction', () => {
    const straight = checklist({ poses: dive({ kneeInFlight: 150, hipInFlight: 180 }) }, '101A');
    const knees = item(straight, 'knees');
    expect(knees.value).toBeCloseTo(30, 0);
    expect(knees.deduction).toBeGreaterThanOrEqual(1);
    expect(knees.reliable).toBe(true);
    expect(knees.note).toMatch(/^median over the 23 flight frames where the body is straight/);
    const legsStraight = checklist({ poses: dive({ kneeInFlight: 180, hipInFlight: 180 }) }, '101A');
    expect(item(legsStraight, 'knees').value).toBeCloseTo(0, 0);
    expect(straight.award).toBeLessThan(legsStraight.award);
  });

  it('shows the knees of a dive folded all through the flight, and does not count them', () => {
    // A pike held over the whole flight (the stages set on the folded frames 12–29): the pose
    // misreads a folded body's knees.
    const knees = item(checklist({ poses: dive({ kneeInFlight: 150 }), transitions: { takeOffEnd: 11, entryStart: 30 } }, '103B'), 'knees');
    expect(knees.value).toBeCloseTo(30, 0);
    expect(knees.deduction).toBeGreaterThanOrEqual(1);
    expect(knees.reliable).toBe(false);
    expect(knees.note).toMatch(/the body is straight in only 0 of them, and the pose misreads a folded body's knees .*check by eye$/);
  });

  it('takes height, board distance and the opening from the take-off geometry, and says when it is missing', () => {
    const list = checklist();
    expect(item(list, 'take-off-height').value).toBe(0.5);
    // The joints passed 0.4 body lengths (0.64 m) out; the body's outline reaches further than its joints.
    expect(item(list, 'board-distance').value).toBeCloseTo(0.64 - OUTLINE_BEYOND_JOINTS_M);
    const opening = item(list, 'opening-height');
    // Apex at frame 21 (0.7 s), opening at frame 33 (1.1 s): 1.5 m − ½ g 0.4² ≈ 0.72 m, and the
    // water reached 0.55 s after the apex: 0.15 s of line-up.
    expect(opening.value).toBeCloseTo(0.72, 1);
    expect(opening.note).toMatch(/0\.15 s to the water/);
    expect(opening.deduction).toBe(0);
    const without = checklist({ takeOff: null });
    for (const id of ['take-off-height', 'board-distance', 'opening-height']) {
      expect(item(without, id).value, id).toBeNull();
      expect(item(without, id).note, id).toMatch(/not measurable here/);
      expect(formatExecutionValue(item(without, id))).toBe('not measurable');
    }
  });

  it('times the line-up to the water contact the splash shows, where it is measured', () => {
    // The splash rises from frame 33 + (0 − 1) = 32, before the opening at 33: opened at the water.
    const splash = { score: 2, areaSeconds: 0.05, confidence: 0.9, reason: null, entryIndex: 33, trace: [0.1, 0.2, 0.25, 0.2] };
    const opening = item(checklist({ splash }), 'opening-height');
    expect(opening.note).toMatch(/0\.00 s to the water/);
    expect(opening.band).toBe('opened at the water');
    expect(opening.deduction).toBeGreaterThanOrEqual(1);
    // Without a splash, the fall from the apex: 0.15 s (above), no deduction.
    expect(item(checklist(), 'opening-height').band).toBe('lined up');
  });

  it('does not read the height of an armstand dive against a standing take-off', () => {
    const list = checklist({ height: '10m' }, '612B');
    const height = item(list, 'take-off-height');
    expect(height.applies).toBe(true);
    expect(height.value).toBeNull();
    expect(height.note).toMatch(/not read on an armstand dive/);
    expect(height.deduction).toBeNull();
    // The rest of the take-off is still read.
    expect(item(list, 'board-distance').value).not.toBeNull();
  });

  it('says the take-off and what is counted from it cannot be read when the clip starts in the air, and still judges the flight and entry', () => {
    const list = checklist({ takeOff: null, startsInFlight: true });
    for (const id of ['take-off-height', 'board-distance', 'take-off-lean', 'somersaults', 'opening-height']) {
      expect(item(list, id).value, id).toBeNull();
      expect(item(list, id).note, id).toMatch(/the clip starts in the air: the take-off is not in it/);
    }
    expect(item(list, 'somersaults').note).toMatch(/turns before its first frame are not seen/);
    expect(item(list, 'tightness').value).not.toBeNull();
    expect(item(list, 'entry-angle').value).not.toBeNull();
    // Nothing it could not see counts towards the award from faults.
    expect(list.counted).toBeLessThan(checklist().counted);
  });

  it('reads only the frames before a slow-motion replay the analysis left out', () => {
    const live = dive(), replay = dive({ entryTrunk: 560 });
    const joined = { ...live, frameCount: live.frameCount + replay.frameCount, joints: [...Array.from(live.joints), ...Array.from(replay.joints)], repaired: null };
    const source = { transitions: { takeOffEnd: 9, entryStart: 33 }, takeOff: TAKE_OFF, splash: null, code: '103C', height: '1m' as const };
    const alone = checklistFor({ ...source, poses: live });
    const leftOut = checklistFor({ ...source, poses: joined, time: { replay: { start: live.frameCount }, slowdown: 1 } });
    expect(leftOut?.items.map((i) => [i.id, i.value, i.frames])).toEqual(alone?.items.map((i) => [i.id, i.value, i.frames]));
    // Read with the replay, the entry is found in the replay's frames.
    const withReplay = checklistFor({ ...source, poses: joined });
    expect(withReplay?.items.map((i) => [i.id, i.value])).not.toEqual(alone?.items.map((i) => [i.id, i.value]));
  });

  it('reads a clip that is slow motion throughout at its real time, and the live part before a replay as filmed', () => {
    const filmed = dive();
    const source = { transitions: { takeOffEnd: 9, entryStart: 33 }, takeOff: TAKE_OFF, splash: null, code: '103C', height: '1m' as const };
    const values = (list: ReturnType<typeof checklistFor>) => list?.items.map((i) => [i.id, i.value, i.frames]);
    const slow = checklistFor({ ...source, poses: filmed, time: { replay: null, slowdown: 3 } });
    expect(values(slow)).toEqual(values(checklistFor({ ...source, poses: { ...filmed, fps: filmed.fps * 3 } })));
    expect(values(slow)).not.toEqual(values(checklistFor({ ...source, poses: filmed })));
    // Under SLOW_MOTION, or before a replay (the live part plays in real time), the frame rate stands.
    expect(values(checklistFor({ ...source, poses: filmed, time: { replay: null, slowdown: 1.2 } }))).toEqual(values(checklistFor({ ...source, poses: filmed })));
    expect(values(checklistFor({ ...source, poses: filmed, time: { replay: { start: filmed.frameCount }, slowdown: 3 } }))).toEqual(values(checklistFor({ ...source, poses: filmed })));
  });

  it('says when there is no above-water view of the entry, and counts a confident splash', () => {
    const trace = [0, 1];
    const none = item(checklist({ splash: { score: 0, areaSeconds: 0, confidence: 0, reason: 'no-water-line', entryIndex: 33, trace } }), 'splash');
    expect(none.value).toBeNull();
    expect(none.note).toMatch(/no above-water view/);
    const big = checklist({ splash: { score: 6.5, areaSeconds: 1, confidence: 0.9, reason: null, entryIndex: 33, trace } });
    expect(item(big, 'splash').band).toBe('large splash');
    expect(item(big, 'splash').deduction).toBeCloseTo(1.5);
    expect(big.award).toBeLessThan(checklist().award);
  });

  it('deducts only for the part of a fault beyond what the measurement can tell', () => {
    const dive = parseDiveNumber('107B');
    expect(benefitOfDoubt('entry-angle', -12, dive)).toBeCloseTo(-12 + MEASUREMENT_UNCERTAINTY['entry-angle']);
    expect(benefitOfDoubt('entry-angle', 3, dive)).toBe(0);
    expect(benefitOfDoubt('take-off-height', 0.3, dive)).toBeCloseTo(0.3 + MEASUREMENT_UNCERTAINTY['take-off-height']);
    expect(benefitOfDoubt('board-distance', 0, dive)).toBeCloseTo(MEASUREMENT_UNCERTAINTY['board-distance']);
    expect(benefitOfDoubt('board-distance', 0.2, dive)).toBe(0.3); // never past the safe band's edge
    expect(benefitOfDoubt('board-distance', 0.8, dive)).toBe(0.8);
    expect(benefitOfDoubt('somersaults', 2.9, dive)).toBeCloseTo(3.5 - (0.6 - MEASUREMENT_UNCERTAINTY.somersaults));
    expect(benefitOfDoubt('somersaults', 3.3, dive)).toBe(3.5);
    expect(benefitOfDoubt('splash', 4, dive)).toBe(4);
  });

  it('gives the award from the reliable items that apply, less the allowance for what one camera cannot see', () => {
    const list = checklist({ poses: dive({ entryTrunk: 575 }) });
    const counted = list.items.filter((i) => i.applies && i.reliable && i.deduction !== null);
    expect(list.counted).toBe(counted.length);
    const total = counted.reduce((a, i) => a + (i.deduction ?? 0), 0) + list.items.reduce((a, i) => a + (i.assumed ?? 0), 0);
    expect(list.allowance).toBe(UNSEEN_FAULTS_ALLOWANCE);
    expect(list.allowance).toBeGreaterThan(0);
    expect(list.expectedAward).toBeCloseTo(10 - total - UNSEEN_FAULTS_ALLOWANCE, 12);
    expect(list.award).toBe(Math.floor((10 - total - UNSEEN_FAULTS_ALLOWANCE) * 2 + 0.5) / 2);
    expect(list.award).toBeLessThan(10);
    for (const i of list.items.filter((i) => !i.applies)) expect(i.deduction).toBeNull();
  });

  it('takes an item the clip does not let it read at its typical deduction, so hiding the entry does not raise the award', () => {
    const trace = [0, 0.2, 0.8, 1.2, 1, 0.8, 0.6, 0.4, 0.3, 0.2];
    const seen = checklist({ splash: { score: 6.5, areaSeconds: 1, confidence: 0.9, reason: null, entryIndex: 33, trace } });
    expect(item(seen, 'splash').assumed).toBeNull();
    // A cut at the entry keeps no trace; a view that ends early keeps the part it saw (its onset times the contact).
    for (const [reason, kept] of [[CUT_AT_ENTRY, []], [VIEW_ENDS_BEFORE_SPLASH, trace.slice(0, 4)]] as const) {
      const hidden = checklist({ splash: { score: 0, areaSeconds: 0, confidence: 0, reason, entryIndex: 33, trace: [...kept] } });
      const splash = item(hidden, 'splash');
      expect(splash.value).toBeNull();
      expect(splash.assumed).toBe(TYPICAL_DEDUCTION.splash);
      expect(hidden.assumed).toBeGreaterThanOrEqual(1);
      // The same dive with a rip entry seen (no deduction) keeps more of its award than with its entry hidden.
      const rip = checklist({ splash: { score: 1, areaSeconds: 0.01, confidence: 0.9, reason: null, entryIndex: 33, trace: [...kept] } });
      expect(item(rip, 'splash').deduction).toBe(0);
      expect(hidden.expectedAward).toBeCloseTo(rip.expectedAward - (TYPICAL_DEDUCTION.splash ?? Number.NaN), 12);
    }
    // Only items that would count: not those the rules do not judge here, nor those never counted.
    for (const i of seen.items) {
      if (!i.applies || LOOSELY_MEASURED[i.id] !== undefined || TYPICAL_DEDUCTION[i.id] === undefined) expect(i.assumed).toBeNull();
      else expect(i.assumed === null).toBe(i.reliable && i.deduction !== null);
    }
    expect(seen.assumed).toBe(seen.items.filter((i) => i.assumed !== null).length);
    // The take-off items of a clip that starts in the air are taken at their typical deduction too.
    const inAir = checklist({ startsInFlight: true });
    expect(item(inAir, 'take-off-height').assumed).toBe(TYPICAL_DEDUCTION['take-off-height']);
    expect(item(inAir, 'board-distance').assumed).toBe(TYPICAL_DEDUCTION['board-distance']);
  });

  it('gives the analysed dive one reading of what the checklist and the kinematics both measure', () => {
    const poses = dive({ entryTrunk: 560 });
    const transitions = { takeOffEnd: 9, entryStart: 33 };
    const list = checklist({ poses });
    const own = kinematicsFigures(kinematicsSeries(poses), transitions, { takeOff: TAKE_OFF });
    const figures = figuresWithChecklist(own, list);
    const angle = figures.find((f) => f.key === 'entry-angle'), distance = figures.find((f) => f.key === 'board-clearance');
    expect(angle?.value).toBe(item(list, 'entry-angle').value);
    expect(angle?.note).toMatch(/^as in the execution checklist/);
    expect(distance?.value).toBe(item(list, 'board-distance').value);
    expect(distance?.unit).toBe('m');
    expect(distance?.label).toBe('Distance from the board at the closest pass');
    // The rest are the kinematics' own, and without a checklist nothing changes.
    expect(figures.find((f) => f.key === 'flight-min-hip')).toEqual(own.find((f) => f.key === 'flight-min-hip'));
    expect(figuresWithChecklist(own, null)).toEqual(own);
    expect(figures.find((f) => f.key === 'take-off-height')?.value).toBe(item(list, 'take-off-height').value);
    const bend = figures.find((f) => f.key === 'entry-knee-bend');
    expect(bend?.value).toBe(item(list, 'body-line').value);
    expect(bend?.label).toMatch(/^Body line at entry/);
  });

  it('does not show a take-off height from the skeleton alone when the checklist says the take-off is not in the clip', () => {
    const transitions = { takeOffEnd: 9, entryStart: 33 };
    const list = checklist({ takeOff: null, startsInFlight: true });
    const own = kinematicsFigures(kinematicsSeries(dive()), transitions, { takeOff: null });
    expect(own.find((f) => f.key === 'take-off-height')?.value).not.toBeNull(); // the skeleton alone reads one
    const height = figuresWithChecklist(own, list).find((f) => f.key === 'take-off-height');
    expect(height?.value).toBeNull();
    expect(height?.note).toMatch(/the clip starts in the air/);
  });
});
