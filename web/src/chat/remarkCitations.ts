// A remark plugin of our own: answers cite passages as "[2]" or "[2, 3]", which Markdown reads
// as plain text (a reference link without a definition), so no ready-made plugin knows them.
// Each number becomes a text node that remark-rehype turns into <cite data-citation="n">[n]</cite>;
// the renderer shows it as a button when the answer has citation n. Only text is looked at:
// code and code spans have no text nodes, and a link's text is left alone (no button in a link).
// Which citations exist is left to the renderer, so that the parse does not depend on them.
import type { Parent, Root, RootContent, Text } from 'mdast';

/** "[2]", "[2, 3]" or "[2,3]": one to four digits each, as an answer numbers its passages. */
const MARKER = /\[(\d{1,4}(?:[ \t]*,[ \t]*\d{1,4})*)\]/g;

const citationNode = (index: number): Text => ({
  type: 'text',
  value: `[${index}]`,
  data: { hName: 'cite', hProperties: { dataCitation: index } },
});

/** A text node split into its plain text and one node per cited number. */
function splitMarkers(node: Text): RootContent[] {
  const parts: RootContent[] = [];
  let last = 0;
  for (const match of node.value.matchAll(MARKER)) {
    if (match.index > last)
      parts.push({ type: 'text', value: node.value.slice(last, match.index) });
    for (const number of match[1]!.split(',')) parts.push(citationNode(Number(number)));
    last = match.index + match[0].length;
  }
  if (last === 0) return [node];
  if (last < node.value.length) parts.push({ type: 'text', value: node.value.slice(last) });
  return parts;
}

export function remarkCitations() {
  return (tree: Root) => {
    // A loop rather than recursion: a deep tree cannot overflow the stack here.
    const parents: Parent[] = [tree];
    for (let parent = parents.pop(); parent; parent = parents.pop()) {
      parent.children = parent.children.flatMap((child): RootContent[] => {
        if (child.type === 'text') return splitMarkers(child);
        if ('children' in child && child.type !== 'link' && child.type !== 'linkReference')
          parents.push(child);
        return [child];
      });
    }
  };
}
