// A component drawn only for those whose role on the engagement on screen may change data (editors and owners);
// others see `fallback` (nothing by default). Hiding is for clarity: the server refuses their writes anyway.
import type { ComponentChildren, FunctionComponent } from 'preact';
import { can } from '../session.ts';

export function editorsOnly<P extends object>(Editable: FunctionComponent<P>, fallback: ComponentChildren = null): FunctionComponent<P> {
  return (props: P) => (can('edit') ? <Editable {...props} /> : <>{fallback}</>);
}
