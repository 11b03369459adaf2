import { describe, expect, it } from 'vitest';
import { itemsOf, prependItem, removeItem, replaceItem, type Pages } from './pagedList';

const a = { id: 'a', n: 1 };
const b = { id: 'b', n: 2 };
const c = { id: 'c', n: 3 };
const pages = (...lists: (typeof a)[][]): Pages<typeof a> => ({
  pages: lists.map((items, i) => ({
    items,
    nextCursor: i < lists.length - 1 ? `p${i + 1}` : null,
  })),
  pageParams: lists.map((_, i) => (i === 0 ? undefined : `p${i}`)),
});

describe('a paged list', () => {
  it('shows its pages as one list, an item that moved to a later page once', () => {
    expect(itemsOf(pages([c, a], [a, b]))).toEqual([c, a, b]);
  });

  it('puts a new item first, or moves one it has to the front as it is now', () => {
    expect(itemsOf(prependItem(pages([a], [b]), c))).toEqual([c, a, b]);
    expect(itemsOf(prependItem(pages([a], [b]), { id: 'b', n: 20 }))).toEqual([
      { id: 'b', n: 20 },
      a,
    ]);
  });

  it('replaces and removes an item on whichever page has it', () => {
    expect(itemsOf(replaceItem(pages([a], [b]), { id: 'b', n: 20 }))).toEqual([
      a,
      { id: 'b', n: 20 },
    ]);
    expect(itemsOf(removeItem(pages([a], [b, c]), 'b'))).toEqual([a, c]);
  });
});
