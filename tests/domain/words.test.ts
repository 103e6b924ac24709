// The words people read: every reason code has a label and a sentence; the texts shown by the web app, the workbook
// and the command line (string tables, basis texts, reasons, the catalogue) cite rules and standards, never a file of
// this repository, and never print a raw reason code or a "(s)" plural.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REASON_CODES } from '../../server/domain/catalog.ts';
import { AUDIT_ACTIONS, auditSentence } from '../../server/domain/audit-words.ts';
import { EXTRACTED_AT_WORDS, INDICATOR_WORDS, ISSUE_WORDS, LIKELIHOOD_WORDS, LISTING_SHAPE_WORDS, namesRepositoryFile, plural, publicText, REASON_WORDS, SEVERITY_WORDS } from '../../server/domain/words.ts';
import { analyse, catalog, SAAS_PROFILE, typicalSaasControls } from '../fixtures/analysis.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// A hyphenated reason code standing alone (not a modifier such as "a change-monitoring report") is a slip.
const RAW_CODE = new RegExp(`\\b(${REASON_CODES.filter((c) => c.includes('-')).join('|')})\\b(?!\\s+[a-z])`);
const PLURAL_SLIP = /\w\(s\)/;

function problems(where: string, text: string): string[] {
  const out: string[] = [];
  if (namesRepositoryFile(text)) out.push(`${where}: names a repository file: ${text}`);
  if (RAW_CODE.test(text)) out.push(`${where}: shows the raw code "${RAW_CODE.exec(text)![1]}": ${text}`);
  if (PLURAL_SLIP.test(text)) out.push(`${where}: "(s)" plural: ${text}`);
  return out;
}

function strings(v: unknown, path: string, out: [string, string][]): [string, string][] {
  if (typeof v === 'string') out.push([path, v]);
  else if (Array.isArray(v)) v.forEach((x, i) => strings(x, `${path}[${i}]`, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) strings(x, `${path}.${k}`, out);
  return out;
}

describe('the words table', () => {
  it('gives every reason code a label and a plain-English sentence, neither of them the code', () => {
    for (const code of REASON_CODES) {
      const w = REASON_WORDS[code];
      expect(w.label.length, code).toBeGreaterThan(2);
      expect(w.label).not.toBe(code);
      expect(w.label, code).toMatch(/^[A-Z]/);
      expect(w.sentence, code).toMatch(/^[A-Z].*\.$/);
      expect(w.sentence.split(' ').length, code).toBeGreaterThanOrEqual(6);
    }
  });

  it('has no repository path, raw code or "(s)" in any UI string table', () => {
    const tables: [string, unknown][] = [
      ['REASON_WORDS', REASON_WORDS],
      ['ISSUE_WORDS', ISSUE_WORDS],
      ['LISTING_SHAPE_WORDS', LISTING_SHAPE_WORDS],
      ['EXTRACTED_AT_WORDS', EXTRACTED_AT_WORDS],
      ['SEVERITY_WORDS', SEVERITY_WORDS],
      ['LIKELIHOOD_WORDS', LIKELIHOOD_WORDS],
      ['INDICATOR_WORDS', INDICATOR_WORDS],
      ['AUDIT_ACTIONS', Object.fromEntries(Object.entries(AUDIT_ACTIONS).map(([k, v]) => [k, v.label]))],
    ];
    const found = tables.flatMap(([name, t]) => strings(t, name, []).flatMap(([p, s]) => problems(p, s)));
    expect(found).toEqual([]);
    for (const [code, w] of Object.entries(ISSUE_WORDS)) expect(w.label, code).not.toMatch(/^[a-z]+(-[a-z0-9]+)+$/);
    // a rating, a likelihood and an indicator read as words: no hyphenated id
    for (const t of [SEVERITY_WORDS, LIKELIHOOD_WORDS, INDICATOR_WORDS]) for (const [id, w] of Object.entries(t)) expect(w, id).not.toMatch(/\b[a-z]+-[a-z]+(-[a-z]+)*\b/);
  });

  it('reads every audit action as a sentence naming who did it, never the action code', () => {
    for (const action of Object.keys(AUDIT_ACTIONS)) {
      const s = auditSentence({ actor: 'Alex Morgan', action, entityId: 'T-1', field: 'status', before: null, after: { fileName: 'users.xlsx', systems: ['NetSuite'] } });
      expect(s, action).toMatch(/^Alex Morgan [a-z]/);
      expect(s, action).not.toContain(action.includes('.') ? action : `${action}.`);
    }
    expect(auditSentence({ actor: 'Alex Morgan', action: 'access.listing.upload', entityId: 'l1', field: null, before: null, after: { fileName: 'ns.xlsx', systems: ['NetSuite'] } })).toBe(
      'Alex Morgan uploaded the NetSuite user listing',
    );
  });

  it('puts counts and nouns in agreement', () => {
    expect([plural(1, 'day'), plural(0, 'day'), plural(3, 'day'), plural(2, 'entry'), plural(1, 'SoD conflict'), plural(2, 'process')]).toEqual([
      '1 day',
      '0 days',
      '3 days',
      '2 entries',
      '1 SoD conflict',
      '2 processes',
    ]);
  });

  it('takes repository pointers out of catalogue texts and keeps what they pointed to', () => {
    expect(publicText('practice: revenue cycle (REFERENCE §4)')).toBe('practice: revenue cycle');
    expect(publicText('No one does both (REFERENCE §5: billing vs cash application).')).toBe('No one does both (billing vs cash application).');
    expect(publicText('practice as tagged per item (REFERENCE §2, §4, §6, §7)')).toBe('practice as tagged per item');
    expect(publicText('conventions (REFERENCE §7–§8); interim testing')).toBe('conventions; interim testing');
    expect(publicText('ITGC domains (REFERENCE §3 — access, change)')).toBe('ITGC domains (access, change)');
    expect(publicText('AS 2201.44; Rule 13a-13(a)')).toBe('AS 2201.44; Rule 13a-13(a)');
  });
});

describe('texts shown to people', () => {
  it('the loaded catalogue (titles, reasons, sources, notes) names no repository file', () => {
    const found = strings(catalog, 'catalog', []).flatMap(([p, s]) => (namesRepositoryFile(s) ? [`${p}: ${s}`] : []));
    expect(found).toEqual([]);
  });

  it('every basis, reason, finding, rule and note of an analysis cites rules and standards only', () => {
    for (const profile of [SAAS_PROFILE, { ...SAAS_PROFILE, ipoDate: '2027-02-01' }, {}]) {
      const a = analyse(typicalSaasControls(), { ...profile, planStart: '2026-11-25' });
      const texts: [string, string][] = [
        ...a.defaults.map((d, i): [string, string] => [`defaults[${i}]`, d.basis]),
        ...a.coso.map((c, i): [string, string] => [`coso[${i}]`, c.basis]),
        ...a.delta.items.flatMap((i) => [[`${i.id}.basis`, i.basis] as [string, string], ...i.reasons.flatMap((r, n) => strings({ text: r.text, finding: r.finding, rule: r.rule }, `${i.id}.reasons[${n}]`, []))]),
        ...strings(a.timeline, 'timeline', []).filter(([p]) => /basis|Reason|label/.test(p)),
        ...a.plan.keyDates.map((k): [string, string] => [`keyDates.${k.id}`, k.basis]),
        ...a.plan.notes.map((n, i): [string, string] => [`notes[${i}]`, n]),
        ...a.plan.tasks.flatMap((t) => strings({ title: t.title, deadlineBasis: t.deadlineBasis, atRiskReason: t.atRiskReason }, t.id, [])),
        ...a.sod.flatMap((c, i) => strings({ explanation: c.explanation, risk: c.risk, comp: c.compensatingControl }, `sod[${i}]`, [])),
      ];
      expect(texts.length).toBeGreaterThan(100);
      expect(texts.flatMap(([p, s]) => problems(p, s))).toEqual([]);
    }
  });

  it('the web app shows no repository path in its own text (JSX and string literals, comments aside)', () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const n of readdirSync(d)) {
        const p = join(d, n);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(n)) files.push(p);
      }
    };
    walk(join(ROOT, 'web', 'src'));
    const found: string[] = [];
    for (const f of files) {
      const code = readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .split('\n')
        .filter((l) => !/^\s*(\/\/|import\s|\} from\s)/.test(l))
        .map((l) => l.replace(/\s\/\/\s.*$/, ''));
      code.forEach((l, i) => {
        if (namesRepositoryFile(l)) found.push(`${f.slice(ROOT.length)}:${i + 1}: ${l.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });
});
