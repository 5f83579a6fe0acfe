/**
 * The session store's sheet editing and clip matching (the queue itself runs the app's workflow
 * on real clips: e2e/session.spec.ts and `npm run bench:batch`).
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { useBatchStore } from './batchStore.ts';

const csv = (text: string, name = 'sheet.csv') => new File([text], name, { type: 'text/csv' });
const clip = (name: string) => new File([new Uint8Array(8)], name, { type: 'video/mp4' });

beforeEach(() => useBatchStore.getState().clear());

describe('batch store: the sheet', () => {
  test('an imported sheet replaces the rows, all waiting; a sheet with no good rows changes nothing', async () => {
    await useBatchStore.getState().importSheet(csv('diver,round,dive,height\nAnna,1,407C,10m\nBen,1,107B,3m\n'));
    const { rows, status, message } = useBatchStore.getState();
    expect(rows.map((r) => r.diveNumber)).toEqual(['407C', '107B']);
    expect(rows.map((r) => status[r.id])).toEqual(['waiting', 'waiting']);
    expect(message).toBe('2 rows from “sheet.csv”.');
    await useBatchStore.getState().importSheet(csv('diver,round,dive,height\nZoe,1,999Z,10m\n', 'bad.csv'));
    expect(useBatchStore.getState().rows).toBe(rows);
    expect(useBatchStore.getState().problems).toEqual(['row 2, dive: is not a valid dive number']);
  });

  test('rows are added after the last (same diver, next round), edited with the rules\' checks, and a removal can be undone in place', async () => {
    await useBatchStore.getState().importSheet(csv('diver,round,dive,height\nAnna,1,407C,10m\nAnna,2,107B,10m\n'));
    const b = useBatchStore.getState;
    b().addRow();
    const added = b().rows[2];
    expect(added).toMatchObject({ diver: 'Anna', round: 3, diveNumber: '', height: '10m' });
    if (!added) throw new Error('no row added');
    expect(b().updateRow(added.id, { diveNumber: ' 5253b ' })).toBeNull();
    expect(b().rows[2]?.diveNumber).toBe('5253B');
    expect(b().updateRow(added.id, { diveNumber: '12345' })).toMatch(/dive/);
    const second = b().rows[1];
    if (!second) throw new Error('no second row');
    b().removeRow(second.id);
    expect(b().rows.map((r) => r.round)).toEqual([1, 3]);
    b().undoRemove();
    expect(b().rows.map((r) => r.round)).toEqual([1, 2, 3]);
  });

  test('clips go to rows by the dive number in their names, or in order; a sheet file among them is ignored', async () => {
    await useBatchStore.getState().importSheet(csv('diver,round,dive,height\nAnna,1,407C,10m\nBen,1,107B,3m\n'));
    const b = useBatchStore.getState;
    const [anna, ben] = b().rows;
    b().assignClips([clip('ben-107B.mp4'), clip('anna-407C.mp4'), csv('x', 'sheet.csv')], 'name');
    expect(b().clips[anna?.id ?? '']?.name).toBe('anna-407C.mp4');
    expect(b().clips[ben?.id ?? '']?.name).toBe('ben-107B.mp4');
    expect(b().message).toBe('2 clips matched to rows by the dive number in the file name.');
    b().assignClips([clip('b.mp4'), clip('a.mp4'), clip('c.mp4')], 'order');
    expect([b().clips[anna?.id ?? '']?.name, b().clips[ben?.id ?? '']?.name]).toEqual(['a.mp4', 'b.mp4']);
    expect(b().message).toBe('2 clips matched to rows in order; 1 not matched.');
    b().setClip(anna?.id ?? '', null);
    expect(b().clips[anna?.id ?? '']).toBeUndefined();
  });

  test('Start with nothing to analyse says so', async () => {
    await useBatchStore.getState().importSheet(csv('diver,round,dive,height\nAnna,1,407C,10m\n'));
    await useBatchStore.getState().start();
    expect(useBatchStore.getState().running).toBe(false);
    expect(useBatchStore.getState().message).toMatch(/^Nothing to analyse/);
  });
});
