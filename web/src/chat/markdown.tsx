// An answer's Markdown as React elements, through react-markdown and remark-gfm (CommonMark
// and GitHub's tables, task lists, strikethrough and bare links), parsers that are well kept
// and linear on hostile input. HTML in an answer stays text (react-markdown turns it into text
// nodes unless rehype-raw is added, which it is not), links go only to http, https and mailto,
// images show as links (an answer must not make the browser fetch an address it was told to),
// and [n] citation markers become buttons when the answer cites a passage n.
import { createContext, memo, use, useDeferredValue, useMemo, type ReactNode } from 'react';
import ReactMarkdown, { type Components, type ExtraProps } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import type { Citation } from '../api/types';
import { piecesOf } from './blocks';
import { remarkCitations } from './remarkCitations';

export type OnCite = (citation: Citation, opener: HTMLButtonElement) => void;

/** The href a link may have: http, https or mailto only, as the browser would parse it. */
export function safeHref(url: string): string | undefined {
  try {
    const parsed = new URL(url.trim());
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

/** The answer's citations and what a click on one does; read by each marker as it renders. */
const CitationsContext = createContext<{
  byIndex: ReadonlyMap<number, Citation>;
  onCite?: OnCite;
}>({ byIndex: new Map() });

function CitationMarker({ node, children }: ExtraProps & { children?: ReactNode }) {
  const { byIndex, onCite } = use(CitationsContext);
  const citation = byIndex.get(Number(node?.properties.dataCitation));
  // Not (yet) a citation of this answer: "[3]" stays as written.
  if (!citation) return children;
  const where = citation.page === undefined ? '' : `, page ${citation.page}`;
  // Checked against its passage and found wanting (citations.ts on the server): said so.
  const unsupported = citation.supported === false;
  return (
    <button
      type="button"
      className={unsupported ? 'citation citation-unsupported' : 'citation'}
      aria-label={`Citation ${citation.index}: ${citation.title}${where}${unsupported ? ', not supported by the passage' : ''}`}
      title={unsupported ? 'The cited passage does not seem to support this sentence' : undefined}
      onClick={(event) => onCite?.(citation, event.currentTarget)}
    >
      [{citation.index}]
    </button>
  );
}

function ExternalLink({ href, children }: { href?: string; children?: ReactNode }) {
  // Without an href the address was not http(s) or mailto: only the link's text is kept.
  if (!href) return children;
  return (
    <a href={href} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

type CellProps = ExtraProps & { children?: ReactNode; style?: { textAlign?: string } };

/** A table cell aligned by class, as the style sheet says: no inline style. */
const cell = (Tag: 'th' | 'td') =>
  function Cell({ style, children }: CellProps) {
    const align = style?.textAlign;
    return <Tag className={align ? `align-${align}` : undefined}>{children}</Tag>;
  };

/** The elements an answer may contain, with its headings below those of the page around it. */
function componentsBelow(headingOffset: number): Components {
  const heading = (level: number) => {
    const Tag = `h${Math.min(6, level + headingOffset)}` as 'h6';
    return function Heading({ children }: { children?: ReactNode }) {
      return <Tag>{children}</Tag>;
    };
  };
  return {
    h1: heading(1),
    h2: heading(2),
    h3: heading(3),
    h4: heading(4),
    h5: heading(5),
    h6: heading(6),
    a: ({ href, children }) => <ExternalLink href={href}>{children}</ExternalLink>,
    img: ({ src, alt }) => (
      <ExternalLink href={typeof src === 'string' ? src : undefined}>{alt || src}</ExternalLink>
    ),
    table: ({ children }) => (
      <div className="table-scroll">
        <table>{children}</table>
      </div>
    ),
    th: cell('th'),
    td: cell('td'),
    cite: CitationMarker,
  };
}

const REMARK_PLUGINS = [remarkGfm, remarkCitations];
const urlTransform = (url: string) => safeHref(url);

/** One piece of an answer, parsed again only when its own text changes. */
const MarkdownPiece = memo(function MarkdownPiece({
  text,
  components,
}: {
  text: string;
  components: Components;
}) {
  return (
    <ReactMarkdown
      remarkPlugins={REMARK_PLUGINS}
      components={components}
      urlTransform={urlTransform}
    >
      {text}
    </ReactMarkdown>
  );
});

/**
 * An answer's Markdown as elements. Headings start at level 1 + `headingOffset`, below the
 * headings of the page around them.
 *
 * While an answer streams, its text changes with every delta. Three things keep that from
 * parsing it all again each time: the answer is cut into pieces (blocks.ts) and each piece is
 * memoised on its text, so only the piece still being written is parsed again; citations and
 * the click handler reach the markers through context, so the parse does not depend on them
 * (saved answers above are not parsed again at all); and the text is read through
 * useDeferredValue, so React renders the newest text at low priority and skips the versions a
 * burst of deltas made stale. npm run bench:markdown prints what a parse costs.
 */
export function Markdown({
  text,
  citations = [],
  onCite,
  headingOffset = 2,
}: {
  text: string;
  citations?: readonly Citation[];
  onCite?: OnCite;
  headingOffset?: number;
}) {
  const shownText = useDeferredValue(text);
  const cited = useMemo(
    () => ({ byIndex: new Map(citations.map((c) => [c.index, c])), onCite }),
    [citations, onCite],
  );
  const components = useMemo(() => componentsBelow(headingOffset), [headingOffset]);
  const pieces = useMemo(() => piecesOf(shownText), [shownText]);
  return (
    <CitationsContext value={cited}>
      {pieces.map((piece, index) => (
        // By position: pieces are only ever added at the end, and the last one grows.
        <MarkdownPiece key={index} text={piece} components={components} />
      ))}
    </CitationsContext>
  );
}
