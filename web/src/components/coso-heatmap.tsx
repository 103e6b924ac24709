// The 17 COSO 2013 principles, one row per component. Each cell carries number, short name and a badge (icon + word);
// hovering or focusing it shows the basis and the SOC 2 controls behind it.
import { Badge } from './states.tsx';
import type { CosoPrinciple } from './analysis-types.ts';

const SHOWN = 8;

export function CosoHeatmap({ coso }: { coso: CosoPrinciple[] }) {
  const groups: { component: string; items: CosoPrinciple[] }[] = [];
  for (const p of [...coso].sort((a, b) => a.principle - b.principle)) {
    const g = groups.find((x) => x.component === p.component);
    if (g) g.items.push(p);
    else groups.push({ component: p.component, items: [p] });
  }
  return (
    <div class="coso" role="list" aria-label="COSO 2013 principles">
      {groups.map((g) => (
        <div class="coso-row" key={g.component} role="listitem">
          <h3 class="coso-component">{g.component}</h3>
          <ul class="coso-cells">
            {g.items.map((p, i) => (
              <li key={p.principle} class={`coso-cell s-${p.status}${i >= 3 ? ' tip-right' : ''}`}>
                <button type="button" class="coso-face" aria-describedby={`coso-tip-${p.principle}`} data-principle={p.principle}>
                  <span class="coso-num">{p.principle}</span>
                  <span class="coso-name">{p.name}</span>
                  <Badge status={p.status} />
                </button>
                <div class="coso-tip" role="tooltip" id={`coso-tip-${p.principle}`}>
                  <strong>
                    Principle {p.principle} · {p.tsc}
                  </strong>
                  <p>{p.basis}</p>
                  <p class="muted">
                    {p.controls.length === 0
                      ? 'No SOC 2 control supports it.'
                      : `Supporting SOC 2 controls: ${p.controls
                          .slice(0, SHOWN)
                          .map((c) => `${c.controlId} (${c.sheet}!${c.row})`)
                          .join(', ')}${p.controls.length > SHOWN ? ` and ${p.controls.length - SHOWN} more` : ''}`}
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}
