// The XML parts of office files and e-books, parsed with htmlparser2 in XML mode and read by
// local name (`w:t`, `a:t` → `t`): a namespace prefix is the writer's choice, not the format's.
import { DomUtils, ElementType, parseDocument } from 'htmlparser2';
import type { ChildNode, Document, Element } from 'domhandler';

export type XmlNode = Document | Element;

export function parseXml(bytes: Uint8Array): Document {
  return parseDocument(new TextDecoder('utf-8').decode(bytes), {
    xmlMode: true,
    decodeEntities: true,
  });
}

export const localName = (element: Element) => element.name.slice(element.name.indexOf(':') + 1);

/** Descendant elements with one of these local names, in document order. */
export function elements(node: XmlNode, ...names: string[]): Element[] {
  return DomUtils.findAll((element) => names.includes(localName(element)), node.children);
}

/** The element's children with that local name. */
export function children(node: XmlNode, name: string): Element[] {
  return node.children.filter(
    (child: ChildNode): child is Element =>
      child.type === ElementType.Tag && localName(child) === name,
  );
}

/** The text inside a node. */
export const textOf = (node: XmlNode): string => DomUtils.textContent(node);

/** An attribute by local name (`r:id` → `id`). */
export function attribute(element: Element, name: string): string | undefined {
  for (const [key, value] of Object.entries(element.attribs)) {
    if (key.slice(key.indexOf(':') + 1) === name) return value;
  }
  return undefined;
}

/** The id of the relationship an element points to (`r:id`, never a plain `id`). */
export function relationshipId(element: Element): string | undefined {
  return Object.entries(element.attribs).find(([key]) => key.endsWith(':id'))?.[1];
}

export interface Relationship {
  id: string;
  /** The relationship type's last segment: 'officeDocument', 'slide', 'sharedStrings'… */
  type: string;
  /** The target part's path from the container's root. */
  target: string;
}

/** A part's relationships (from its `_rels/….rels` part), internal targets only. */
export function relationships(parts: Map<string, Uint8Array>, partPath: string): Relationship[] {
  const rels = parts.get(relsPath(partPath));
  if (!rels) return [];
  return elements(parseXml(rels), 'Relationship').flatMap((relation) => {
    const id = attribute(relation, 'Id');
    const target = attribute(relation, 'Target');
    const type = attribute(relation, 'Type')?.split('/').pop();
    if (!id || !target || !type || attribute(relation, 'TargetMode') === 'External') return [];
    return [{ id, type, target: resolvePart(partPath, target) }];
  });
}

/** The main part of an Office file (`_rels/.rels`' officeDocument): word/document.xml… */
export function mainPart(parts: Map<string, Uint8Array>): string | undefined {
  return relationships(parts, '').find((relation) => relation.type === 'officeDocument')?.target;
}

/** The `_rels/….rels` part that holds a part's relationships. */
function relsPath(partPath: string): string {
  const slash = partPath.lastIndexOf('/');
  return `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
}

/** A reference from inside a part, as a path from the container's root ('/x' is the root). */
export function resolvePart(fromPath: string, reference: string): string {
  const url = new URL(reference, `zip://container/${fromPath}`);
  return decodeURIComponent(url.pathname.replace(/^\//, ''));
}
