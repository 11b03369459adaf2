import { describe, expect, it } from 'vitest';
import {
  checkSupport,
  documentsShownBy,
  excerpt,
  quoteSource,
  sharesTerms,
  Sources,
  withDocuments,
  withholdUnreadable,
} from './citations.js';
import { titleFrom } from './service.js';

const hit = (chunkId: string, text: string) => ({
  documentId: 'd1',
  title: 'Notes',
  chunkId,
  text,
  score: 0.1,
  ocr: false,
});

describe('chat citations', () => {
  it('numbers passages once each, and keeps only the ones an answer cites', () => {
    const sources = new Sources();
    expect(sources.add([hit('a', 'A'), hit('b', 'B')]).map((s) => s.index)).toEqual([1, 2]);
    expect(sources.add([hit('c', 'C'), hit('a', 'A')]).map((s) => s.index)).toEqual([3, 1]);
    expect(sources.citedIn('Yes [3], and also [1, 2]. Not [9].').map((c) => c.chunkId)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(sources.citedIn('Nothing cited here.')).toEqual([]);
  });

  it('quotes a passage so that it cannot close its own delimiters', () => {
    const quoted = quoteSource({
      index: 2,
      documentId: 'd',
      chunkId: 'c',
      title: 'A "title" <x>',
      page: 4,
      text: 'before </source> after </SOURCES>',
    });
    expect(quoted).toBe(
      '<source index="2" title="A  title   x" page="4">\nbefore ‹/source> after ‹/SOURCES>\n</source>',
    );
  });

  it('matches a question to passages by meaningful words and their inflections', () => {
    expect(sharesTerms('When do I prune the roses?', 'Prune climbing roses in winter.')).toBe(true);
    expect(sharesTerms('invoice', 'Invoices are due in 30 days.')).toBe(true);
    expect(sharesTerms('What is the weather like?', 'The boiler needs 1.5 bar.')).toBe(false);
  });

  it('quotes a long passage from the sentence that matters, within bounds', () => {
    const long = `${'Filler sentence here. '.repeat(40)}The roses need pruning in March. ${'More. '.repeat(50)}`;
    const quote = excerpt(long, 'roses', 200);
    expect(quote.startsWith('… The roses need pruning in March.')).toBe(true);
    expect(quote.length).toBeLessThanOrEqual(206);
    expect(excerpt('Short.', 'roses')).toBe('Short.');
  });

  it('titles a conversation from the first words of its first message', () => {
    expect(titleFrom('  When do I   prune the roses? ')).toBe('When do I prune the roses?');
    expect(titleFrom('one two three four five six seven eight nine ten')).toBe(
      'one two three four five six seven eight…',
    );
    expect(titleFrom('x'.repeat(200)).length).toBeLessThanOrEqual(80);
  });

  it('checks every cited sentence against its passage, and flags a citation one of them lacks', () => {
    const sources = new Sources();
    sources.add([
      hit('roses', 'Prune climbing roses in late winter, before the buds swell.'),
      hit('boiler', 'The boiler pressure gauge should read between 1 and 1.5 bar.'),
    ]);
    const answer =
      'Prune the climbing roses in late winter [1]. The gauge should read 1.5 bar [2].\n' +
      'Roses also need feeding every spring with manure [1].';
    const [roses, boiler] = checkSupport(answer, sources.citedIn(answer));
    expect(boiler).toMatchObject({ chunkId: 'boiler', supported: true });
    // "Roses … feeding every spring with manure": one word of five is in the passage.
    expect(roses).toMatchObject({ chunkId: 'roses', supported: false, support: 0.2 });
    // A number on the wrong passage is caught too.
    const swapped = 'The gauge should read 1.5 bar [1].';
    expect(checkSupport(swapped, sources.citedIn(swapped))[0]).toMatchObject({ supported: false });
  });
});

describe('saved answers re-checked for their reader', () => {
  const passage = 'The lanternfish glows beside the lighthouse on foggy nights.';
  const answer = {
    content: `These passages best match:\n\n[1] Coast:\n> ${passage}\n\nShort line.`,
    citations: [
      {
        index: 1,
        documentId: 'gone',
        chunkId: 'c1',
        title: 'Coast',
        heading: 'Fish',
        text: passage,
      },
      { index: 2, documentId: 'kept', chunkId: 'c2', title: 'Mine', text: 'My own notes.' },
    ],
    toolCalls: [
      {
        id: 't1',
        name: 'search_documents',
        input: { q: 'fish' },
        output: {
          note: 'quoted data',
          results: [
            { source: 1, documentId: 'gone', title: 'Coast', text: passage },
            { source: 2, documentId: 'kept', title: 'Mine', text: 'My own notes.' },
            { source: 3, title: 'Saved before documents were kept', text: 'Old passage text.' },
          ],
        },
      },
      { id: 't2', name: 'list_tasks', input: {}, output: { items: [] } },
    ],
  };

  it('names the documents whose passages an answer shows', () => {
    expect(documentsShownBy(answer).sort()).toEqual(['gone', 'gone', 'kept', 'kept']);
  });

  it('withholds the passages, search results and quoted lines of unreadable documents', () => {
    const seen = withholdUnreadable(answer, new Set(['kept']));
    expect(seen.citations).toEqual([
      { index: 1, documentId: 'gone', chunkId: 'c1', title: '', text: '', withheld: true },
      answer.citations[1],
    ]);
    const results = (seen.toolCalls[0]!.output as { results: unknown[] }).results;
    expect(results).toEqual([
      { source: 1, documentId: 'gone', title: '', text: '', withheld: true },
      { source: 2, documentId: 'kept', title: 'Mine', text: 'My own notes.' },
      { source: 3, documentId: undefined, title: '', text: '', withheld: true },
    ]);
    expect(seen.toolCalls[1]).toBe(answer.toolCalls[1]);
    expect(seen.content).not.toContain('lanternfish');
    expect(seen.content).toContain('> [withheld: ');
    expect(seen.content).toContain('Short line.');
    // All readable: only the result that cannot be re-checked is withheld.
    const all = withholdUnreadable(answer, new Set(['kept', 'gone']));
    expect({ content: all.content, citations: all.citations }).toEqual({
      content: answer.content,
      citations: answer.citations,
    });
    const kept = (all.toolCalls[0]!.output as { results: { withheld?: true }[] }).results;
    expect(kept.map((r) => r.withheld === true)).toEqual([false, false, true]);
  });

  it('withholds a passage’s sentences quoted inline, and lines ending in citation markers', () => {
    const inline = {
      ...answer,
      content: `As noted, ${passage} That is all.\nThe lanternfish glows beside the lighthouse [1][2]`,
    };
    const seen = withholdUnreadable(inline, new Set(['kept']));
    expect(seen.content).toBe(
      'As noted, [withheld] That is all.\n[withheld: you can no longer read the document this quoted]',
    );
  });

  it('saves each search result with its document', () => {
    const sources = new Sources();
    sources.add([hit('a', 'A')]);
    expect(withDocuments({ note: 'n', results: [{ source: 1, text: 'A' }] }, sources)).toEqual({
      note: 'n',
      results: [{ source: 1, text: 'A', documentId: 'd1' }],
    });
  });
});
