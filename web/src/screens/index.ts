// One screen per engagement tab. Each receives the engagement and a way to reload it.
import type { FunctionComponent } from 'preact';
import type { EngagementInfo } from '../app.tsx';
import type { Tab } from '../router.ts';
import { AccessScreen } from './access.tsx';
import { AuditScreen } from './audit.tsx';
import { BoardScreen } from './board.tsx';
import { ExportsScreen } from './exports.tsx';
import { GapsScreen } from './gaps.tsx';
import { ImportScreen } from './import.tsx';
import { PlanScreen } from './plan.tsx';
import { SetupScreen } from './setup.tsx';
import { SodScreen } from './sod.tsx';
import { ScenariosScreen } from './scenarios.tsx';
import { Soc1Screen } from './soc1.tsx';
import { TestingScreen } from './testing.tsx';

export interface ScreenProps {
  engagement: EngagementInfo;
  reloadEngagement: () => void;
}

export const screens: Record<Tab, FunctionComponent<ScreenProps>> = {
  setup: SetupScreen,
  import: ImportScreen,
  gaps: GapsScreen,
  sod: SodScreen,
  plan: PlanScreen,
  testing: TestingScreen,
  board: BoardScreen,
  exports: ExportsScreen,
  audit: AuditScreen,
  access: AccessScreen,
  scenarios: ScenariosScreen,
  soc1: Soc1Screen,
};
