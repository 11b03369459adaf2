import type { AnchorHTMLAttributes } from 'react';
import { followLink, usePath } from './router';

/** An in-app link: a real <a href>, marked as the current page when it is. */
export function Link({
  href,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const path = usePath();
  const current = path === href || path.startsWith(`${href}/`);
  return (
    <a href={href} aria-current={current ? 'page' : undefined} onClick={followLink} {...rest} />
  );
}
