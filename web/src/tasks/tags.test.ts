import { describe, expect, it } from 'vitest';
import { formatTags, parseTags } from './tags';

describe('parseTags', () => {
  it('splits at commas and trims each tag', () => {
    expect(parseTags('home,  errands ,work')).toEqual(['home', 'errands', 'work']);
  });

  it('keeps tags lower-case, as the server stores them', () => {
    expect(parseTags('Home, ERRANDS')).toEqual(['home', 'errands']);
  });

  it('drops empty entries and repeats, keeping the first order', () => {
    expect(parseTags(', home,, errands, home ,Home,')).toEqual(['home', 'errands']);
  });

  it('keeps spaces inside a tag', () => {
    expect(parseTags('long term, q3 plan')).toEqual(['long term', 'q3 plan']);
  });

  it('reads an empty or blank field as no tags', () => {
    expect(parseTags('')).toEqual([]);
    expect(parseTags('  ,  ')).toEqual([]);
  });
});

describe('formatTags', () => {
  it('joins tags so that parsing them again gives them back', () => {
    const tags = ['home', 'long term'];
    expect(formatTags(tags)).toBe('home, long term');
    expect(parseTags(formatTags(tags))).toEqual(tags);
  });

  it('shows no tags as an empty field', () => {
    expect(formatTags([])).toBe('');
  });
});
