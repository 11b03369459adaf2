import { describe, expect, it } from 'vitest';
import { readSitemap } from './sitemap.js';
import { sniffKind } from './sniff.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('sitemaps', () => {
  it('reads the pages of a <urlset>, each once, http(s) only, whatever the prefix', async () => {
    const text =
      '<?xml version="1.0"?><!-- generated --><sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9">' +
      '<sm:url><sm:loc> https://example.com/a?x=1&amp;y=2 </sm:loc></sm:url>' +
      '<sm:url><sm:loc>https://example.com/a?x=1&amp;y=2</sm:loc></sm:url>' +
      '<sm:url><sm:loc>javascript:alert(1)</sm:loc></sm:url><sm:url><sm:loc>not a url</sm:loc></sm:url>' +
      '</sm:urlset>';
    expect(await sniffKind(bytes(text), 'sitemap.xml')).toBe('sitemap');
    expect(readSitemap(bytes(text))).toEqual({
      lists: 'pages',
      locations: ['https://example.com/a?x=1&y=2'],
    });
  });

  it('reads the sitemaps of a <sitemapindex>, and nothing from other XML', async () => {
    const index =
      '<sitemapindex><sitemap><loc>http://example.com/s1.xml</loc></sitemap></sitemapindex>';
    expect(readSitemap(bytes(index))).toEqual({
      lists: 'sitemaps',
      locations: ['http://example.com/s1.xml'],
    });
    const feed =
      '<?xml version="1.0"?><rss><channel><link>http://example.com/</link></channel></rss>';
    expect(readSitemap(bytes(feed))).toBeUndefined();
    expect(await sniffKind(bytes(feed), 'feed.xml')).not.toBe('sitemap');
    // A page that only mentions one is no sitemap.
    expect(await sniffKind(bytes('How to write a <urlset> element.'))).toBe('text');
  });
});
