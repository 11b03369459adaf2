import { describe, expect, test } from 'vitest';
import { passageRuns } from './highlight';

const RUNS = [
  'Chapter 2',
  'The keeper ',
  'polishes the brass',
  ' lens with walnut',
  ' oil every',
  'Tuesday.',
  'Other text.',
];

describe('passageRuns', () => {
  test('finds the runs that hold the passage, whatever its line breaks and case', () => {
    expect(passageRuns(RUNS, 'the KEEPER polishes the\nbrass lens with walnut oil')).toEqual([
      1, 2, 3, 4,
    ]);
  });

  test('a passage inside one run marks that run', () => {
    expect(passageRuns(RUNS, 'walnut')).toEqual([3]);
  });

  test('a passage that goes on to the next page marks the page from its start', () => {
    const passage = 'walnut oil every Tuesday. Other text. And the lamp is lit at dusk, always.';
    expect(passageRuns(RUNS, passage)).toEqual([3, 4, 5, 6]);
  });

  test('a passage begun on the page before marks the page up to its end', () => {
    const passage =
      'Something on the page before, long enough to matter here. Chapter 2 The keeper polishes';
    expect(passageRuns(RUNS, passage)).toEqual([0, 1, 2]);
  });

  test('a passage the page does not have marks nothing', () => {
    expect(passageRuns(RUNS, 'the tide tables for March')).toEqual([]);
    expect(passageRuns(RUNS, '   ')).toEqual([]);
    expect(passageRuns([], 'keeper')).toEqual([]);
  });
});
