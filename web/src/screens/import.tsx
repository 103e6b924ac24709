// Placeholder: replaced by the screen's implementation.
import type { ScreenProps } from './index.ts';

export function ImportScreen(_props: ScreenProps) {
  return <p>Not built yet.</p>;
}
