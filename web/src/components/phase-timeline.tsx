// The programme's phases as bars on one month axis, as a small inline SVG that prints. Every bar carries its name and
// dates as text and a hatch pattern, so it reads without colour; milestones are dashed lines with their label.
import { showDate } from '../dates.ts';
import type { Phase } from './analysis-types.ts';

export interface Marker {
  date: string;
  label: string;
}

const W = 1000;
const LABEL_W = 300;
const ROW = 19;
const TOP = 12;
const MROW = 14;
const MONTHS = ['J', 'F', 'M', 'A', 'M', 'J', 'J', 'A', 'S', 'O', 'N', 'D'];

const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
const monthYear = (iso: string) => new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(day(iso)));

export function PhaseTimeline({ phases, markers }: { phases: Phase[]; markers: Marker[] }) {
  if (phases.length === 0) return <p class="muted">No phases planned yet.</p>;
  const startIso = phases.reduce((m, p) => (p.start < m ? p.start : m), phases[0]!.start);
  const endIso = phases.reduce((m, p) => (p.end > m ? p.end : m), phases[0]!.end);
  // The axis runs over whole months, from the first phase's month to the month after the last phase ends.
  const y0 = Number(startIso.slice(0, 4));
  const m0 = Number(startIso.slice(5, 7)) - 1;
  const y1 = Number(endIso.slice(0, 4));
  const m1 = Number(endIso.slice(5, 7));
  const from = Date.UTC(y0, m0, 1);
  const to = Date.UTC(y1, m1, 1);
  const months = (y1 - y0) * 12 + (m1 - m0);
  const x = (t: number) => LABEL_W + ((t - from) / (to - from)) * (W - LABEL_W - 10);
  const shown = markers.filter((m) => day(m.date) >= from && day(m.date) <= to).sort((a, b) => a.date.localeCompare(b.date));
  // Milestone labels sit above the bars, each on the first line where it does not run into the one before it.
  const ends: number[] = [];
  const placed = shown.map((m) => {
    const mx = x(day(m.date));
    const width = (m.label.length + 12) * 6.2;
    const flip = mx + width > W;
    const left = flip ? mx - width : mx;
    let row = ends.findIndex((e) => e < left);
    if (row < 0) row = ends.push(0) - 1;
    ends[row] = left + width;
    return { ...m, x: mx, row, flip };
  });
  const top = TOP + ends.length * MROW;
  const axisY = top + phases.length * ROW + 4;
  const H = axisY + 30;
  const ticks = Array.from({ length: months + 1 }, (_, i) => ({ t: Date.UTC(y0, m0 + i, 1), m: (m0 + i) % 12, y: y0 + Math.floor((m0 + i) / 12) }));
  const dense = months > 30;
  return (
    <svg class="phase-timeline" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="pt-title pt-desc" preserveAspectRatio="xMinYMin meet">
      <title id="pt-title">Programme phases from {monthYear(startIso)} to {monthYear(endIso)}</title>
      <desc id="pt-desc">
        {phases.map((p) => `${p.name}: ${showDate(p.start)} to ${showDate(p.end)}`).join('; ')}. {shown.map((m) => `${m.label}: ${showDate(m.date)}`).join('; ')}
      </desc>
      <defs>
        <pattern id="pt-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#c9d3e6" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#1f3864" stroke-width="2.2" />
        </pattern>
      </defs>
      {ticks.map((k, i) => {
        const tx = x(k.t);
        const jan = k.m === 0;
        const quarter = k.m % 3 === 0;
        return (
          <g key={i}>
            <line x1={tx} x2={tx} y1={top - 2} y2={axisY + (jan ? 8 : 4)} stroke={jan ? '#8a93a3' : '#e1e5eb'} stroke-width={jan ? 1 : 0.6} />
            {i < months && (jan || (i === 0 && k.m < 9)) && (
              <text x={tx + 3} y={axisY + 26} class="pt-year">
                {k.y}
              </text>
            )}
            {i < months && (!dense || quarter) && (
              <text x={tx + (dense ? 2 : 4)} y={axisY + 13} class="pt-month">
                {MONTHS[k.m]}
              </text>
            )}
          </g>
        );
      })}
      <line x1={LABEL_W} x2={W - 10} y1={axisY} y2={axisY} stroke="#5b6576" />
      {placed.map((m) => (
        <line key={`l-${m.label}`} x1={m.x} x2={m.x} y1={TOP + m.row * MROW + 2} y2={axisY} stroke="#a4161a" stroke-dasharray="4 3" stroke-width="1.2" />
      ))}
      {phases.map((p, i) => {
        const y = top + i * ROW;
        const bx = x(day(p.start));
        const bw = Math.max(3, x(day(p.end)) - bx);
        const dates = `${monthYear(p.start)} – ${monthYear(p.end)}`;
        const roomRight = W - 10 - (bx + bw) > dates.length * 5.6 + 6;
        return (
          <g key={p.id} class="pt-phase">
            <text x={0} y={y + 13} class="pt-label">
              {p.name.length > 48 ? `${p.name.slice(0, 46)}…` : p.name}
            </text>
            <rect x={bx} y={y + 3} width={bw} height={ROW - 6} fill="url(#pt-hatch)" stroke="#1f3864" stroke-width="1" />
            <text x={roomRight ? bx + bw + 5 : bx - 5} y={y + 13} class="pt-dates" text-anchor={roomRight ? 'start' : 'end'}>
              {dates}
            </text>
          </g>
        );
      })}
      {placed.map((m) => (
        <text key={`t-${m.label}`} x={m.flip ? m.x - 3 : m.x + 3} y={TOP + m.row * MROW} class="pt-mlabel" text-anchor={m.flip ? 'end' : 'start'}>
          {m.label} {showDate(m.date)}
        </text>
      ))}
    </svg>
  );
}
