// Readiness overall and by category: bars with the percentage as text, so they read in greyscale and to a screen reader.
import { categoryLabel, type Analysis } from './analysis-types.ts';

type Readiness = Analysis['readiness'];

export function Bar({ label, percent, note }: { label: string; percent: number | null; note?: string }) {
  const text = percent === null ? '—' : `${percent.toFixed(1).replace(/\.0$/, '')}%`;
  return (
    <div class="rbar">
      <span class="rbar-label">{label}</span>
      <span class="rbar-track" role="img" aria-label={`${label}: ${percent === null ? 'no applicable targets' : text}`}>
        {percent !== null && <span class="rbar-fill" style={{ width: `${Math.max(0, Math.min(100, percent))}%` }} />}
      </span>
      <span class="rbar-value">{text}</span>
      {note && <span class="rbar-note muted">{note}</span>}
    </div>
  );
}

export function ReadinessBars({ readiness, compact = false }: { readiness: Readiness; compact?: boolean }) {
  return (
    <div class={compact ? 'readiness compact' : 'readiness'}>
      <div class="readiness-overall">
        <span class="metric">{readiness.overall.toFixed(1).replace(/\.0$/, '')}%</span> <span class="muted">ready overall</span>
      </div>
      <div class="rbars">
        {readiness.byCategory.map((c) => (
          <Bar key={c.category} label={categoryLabel(c.category)} percent={c.targets > 0 ? c.percent : null} note={compact ? undefined : c.targets === 0 ? 'not in scope' : `${c.targets} target${c.targets === 1 ? '' : 's'}`} />
        ))}
      </div>
      <p class="formula">
        <small>{readiness.formula}</small>
      </p>
    </div>
  );
}
