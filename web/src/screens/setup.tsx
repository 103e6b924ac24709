// Placeholder: replaced by the screen's implementation.
import type { ScreenProps } from './index.ts';

export function NewEngagementScreen() {
  return <p>Not built yet.</p>;
}

export function SetupScreen(_props: ScreenProps) {
  return <p>Not built yet.</p>;
}
