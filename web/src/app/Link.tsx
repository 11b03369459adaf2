import type { AnchorHTMLAttributes } from 'react';
import { Link as RouterLink, useLocation } from 'wouter';

/** An in-app link: a real <a href> that wouter follows, marked as the current page when it is. */
export function Link({
  href,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const [path] = useLocation();
  const current = path === href || path.startsWith(`${href}/`);
  return <RouterLink href={href} aria-current={current ? 'page' : undefined} {...rest} />;
}
