import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { fieldProblem } from './fieldProblems';

const invalid = new ApiError(400, 'VALIDATION_ERROR', 'invalid request', [
  { field: 'body.dueDate', message: 'expected a date as YYYY-MM-DD' },
  { field: 'body.tags.1', message: 'a tag has at most 40 characters' },
]);

describe('fieldProblem', () => {
  it("finds the API's message for a body field", () => {
    expect(fieldProblem(invalid, 'dueDate')).toBe('expected a date as YYYY-MM-DD');
  });

  it('finds a message about one item of a list field', () => {
    expect(fieldProblem(invalid, 'tags')).toBe('a tag has at most 40 characters');
  });

  it('finds nothing for other fields, fields that only share a prefix, or other errors', () => {
    expect(fieldProblem(invalid, 'title')).toBeUndefined();
    expect(fieldProblem(invalid, 'due')).toBeUndefined();
    expect(fieldProblem(new Error('offline'), 'dueDate')).toBeUndefined();
    expect(fieldProblem(undefined, 'dueDate')).toBeUndefined();
  });
});
