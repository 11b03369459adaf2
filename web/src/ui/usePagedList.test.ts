import { describe, expect, it } from 'vitest';
import { appendItems, prependItem } from './usePagedList';

const a = { id: 'a', n: 1 };
const b = { id: 'b', n: 2 };
const c = { id: 'c', n: 3 };

describe('prependItem', () => {
  it('puts a new item first', () => {
    expect(prependItem([a, b], c)).toEqual([c, a, b]);
  });

  it('moves an item the list already has to the front, as it is now', () => {
    expect(prependItem([a, b], { id: 'b', n: 20 })).toEqual([{ id: 'b', n: 20 }, a]);
  });
});

describe('appendItems', () => {
  it('adds the next page after the list, skipping items it already shows', () => {
    expect(appendItems([c, a], [a, b])).toEqual([c, a, b]);
  });
});
