// A keyboard shortcut asks for a field's focus on a page that may not be shown yet (each page
// loads on demand): the request waits until the field is there, or is taken at once.
import { useEffect, type RefObject } from 'react';

export type FocusTarget = 'composer' | 'document-search';

let pending: FocusTarget | undefined;
const fields = new Map<FocusTarget, RefObject<HTMLElement | null>>();

export function requestFocus(target: FocusTarget) {
  const field = fields.get(target)?.current;
  if (field) field.focus();
  else pending = target;
}

/** Makes `ref` the field that requests for `target` focus; takes a request made before it was shown. */
export function useFocusTarget(target: FocusTarget, ref: RefObject<HTMLElement | null>) {
  useEffect(() => {
    fields.set(target, ref);
    if (pending === target) {
      pending = undefined;
      ref.current?.focus();
    }
    return () => {
      if (fields.get(target) === ref) fields.delete(target);
    };
  }, [target, ref]);
}
