// Loads the engagement's analysis for the gap, SoD and board screens. No analysis yet (404) is a normal state with a
// way forward, not an error.
import type { ComponentChildren } from 'preact';
import { useResource } from '../resource.ts';
import { href } from '../router.ts';
import { Empty, ErrorBox, Loading } from './states.tsx';
import type { Analysis } from './analysis-types.ts';

interface GateProps {
  engagementId: string;
  children: (a: Analysis, reload: () => void) => ComponentChildren; // reload: after a change the server re-analysed
}

// Keyed by engagement, so moving to another engagement never shows the previous one's analysis (or filters) while the
// new one loads.
export function AnalysisGate(props: GateProps) {
  return <Gate key={props.engagementId} {...props} />;
}

function Gate({ engagementId, children }: GateProps) {
  const res = useResource<Analysis>(`/api/engagements/${encodeURIComponent(engagementId)}/analysis`);
  if (res.loading && !res.data) return <Loading what="the analysis" />;
  if (res.error?.status === 404) return <NoAnalysis engagementId={engagementId} />;
  if (res.error) return <ErrorBox error={res.error} retry={res.reload} />;
  if (!res.data) return <Loading what="the analysis" />;
  return <>{children(res.data, res.reload)}</>;
}

export function NoAnalysis({ engagementId }: { engagementId: string }) {
  return (
    <Empty>
      <p>
        <strong>No analysis yet.</strong> soxbridge works out the gaps once it has the company's SOC 2 control matrix.
      </p>
      <p>
        <a class="button primary" href={href({ name: 'engagement', id: engagementId, tab: 'import' })}>
          Import the control matrix
        </a>
      </p>
    </Empty>
  );
}
