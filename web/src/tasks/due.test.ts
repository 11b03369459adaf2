import { describe, expect, it } from 'vitest';
import { localToday, urgency } from './due';

describe('localToday', () => {
  it('gives the local calendar date, zero-padded', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
    expect(localToday(new Date(2026, 11, 31, 0, 0))).toBe('2026-12-31');
  });
});

describe('urgency', () => {
  const today = '2026-03-10';

  it('marks an open task due before today as overdue', () => {
    expect(urgency({ status: 'open', dueDate: '2026-03-09' }, today)).toBe('overdue');
    expect(urgency({ status: 'open', dueDate: '2025-12-31' }, today)).toBe('overdue');
  });

  it('marks an open task due today', () => {
    expect(urgency({ status: 'open', dueDate: today }, today)).toBe('today');
  });

  it('leaves later, undated and done tasks unmarked', () => {
    expect(urgency({ status: 'open', dueDate: '2026-03-11' }, today)).toBeUndefined();
    expect(urgency({ status: 'open', dueDate: null }, today)).toBeUndefined();
    expect(urgency({ status: 'done', dueDate: '2026-03-01' }, today)).toBeUndefined();
  });
});
