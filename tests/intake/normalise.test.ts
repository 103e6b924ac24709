import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Frequency } from '../../server/domain/catalog.ts';
import type { Owner } from '../../server/domain/control.ts';
import { FREQUENCY_PHRASES, frequencyFromProse, normaliseFrequency } from '../../server/intake/normalise-frequency.ts';
import { normaliseMethod, normaliseNature } from '../../server/intake/normalise-nature-method.ts';
import { parseOwners } from '../../server/intake/normalise-owner.ts';

describe('normaliseFrequency', () => {
  it('picks the earliest phrase, the first listed on a tie, exactly as testing each phrase in turn would', () => {
    // the reference: every phrase on its own, the lowest match index wins, earlier phrases win ties
    const reference = (text: string): Frequency | null => {
      const t = text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
      let best: { at: number; f: Frequency } | null = null;
      for (const [re, f] of FREQUENCY_PHRASES) {
        const m = re.exec(t);
        if (m && (best === null || m.index < best.at)) best = { at: m.index, f };
      }
      return best?.f ?? null;
    };
    const words = ['quarterly', 'semi-annually', 'monthly', 'month end', 'every day', 'per change', 'ad hoc', 'annual', 'review', 'of', 'the', 'twice a year', 'ongoing', 'after each', 'weekly', 'real time', 'year end', 'as needed', 'controls', 'bi weekly'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { minLength: 2, maxLength: 8 }), (ws) => {
        const text = ws.join(' ');
        if (/\bbi ?monthly\b/.test(text) || text.trim().length <= 5) return;
        expect(normaliseFrequency(text)).toBe(reference(text));
      }),
      { numRuns: 500 },
    );
  });

  const cases: [string, Frequency | null][] = [
    ['Q', 'quarterly'],
    ['q', 'quarterly'],
    ['Quarterly', 'quarterly'],
    ['every quarter', 'quarterly'],
    ['Per Quarter', 'quarterly'],
    ['Conduct review at minimum quarterly.', 'quarterly'],
    ['Monthly', 'monthly'],
    ['M', 'monthly'],
    ['month-end', 'monthly'],
    ['Weekly', 'weekly'],
    ['W', 'weekly'],
    ['Daily', 'daily'],
    ['nightly', 'daily'],
    ['Annual', 'annual'],
    ['Annually', 'annual'],
    ['yearly', 'annual'],
    ['Semi-annually', 'semi-annual'],
    ['Bi-annually', 'semi-annual'],
    ['twice a year', 'semi-annual'],
    ['every six months', 'semi-annual'],
    ['bi-weekly', 'semi-monthly'],
    ['Per change', 'event-driven'],
    ['As needed', 'event-driven'],
    ['ad hoc', 'event-driven'],
    ['Ad-hoc', 'event-driven'],
    ['event-driven', 'event-driven'],
    ['Upon occurrence', 'event-driven'],
    ['per hire', 'event-driven'],
    ['Real-time', 'continuous'],
    ['Continuous', 'continuous'],
    ['On-going', 'continuous'],
    ['ongoing', 'continuous'],
    ['Conduct review annually or upon significant organisational change.', 'annual'],
    ['Semi-Auto', null],
    ['Bi-monthly', null],
    ['sometimes', null],
    ['', null],
    ['Q1', null],
  ];
  it.each(cases)('%s -> %s', (text, expected) => {
    expect(normaliseFrequency(text)).toBe(expected);
  });

  it('reads the instruction sentence of a narrative, not an incidental mention', () => {
    const text =
      'Evidence required: accounts with no login in over 45 days. Analysis: cross-reference the HR list. Conduct review at minimum quarterly.';
    expect(frequencyFromProse(text)).toEqual({
      frequency: 'quarterly',
      sentence: 'Conduct review at minimum quarterly.',
    });
    expect(frequencyFromProse('Security clearance and continuous monitoring')).toBeNull();
  });
});

describe('normaliseNature', () => {
  const cases: [string, 'preventive' | 'detective' | null, boolean][] = [
    ['Preventive', 'preventive', false],
    ['preventative', 'preventive', false],
    ['Detective', 'detective', false],
    ['Detective/ Preventive', 'detective', true],
    ['Preventive & Detective', 'preventive', true],
    ['Both', null, true],
    ['Corrective', null, false],
    ['', null, false],
  ];
  it.each(cases)('%s -> %s', (text, nature, both) => {
    expect(normaliseNature(text)).toEqual({ nature, both });
  });
});

describe('normaliseMethod', () => {
  const cases: [string, 'manual' | 'automated' | 'it-dependent-manual' | null][] = [
    ['Manual', 'manual'],
    ['Automated', 'automated'],
    ['Automatic', 'automated'],
    ['Semi-Auto', 'it-dependent-manual'],
    ['Semi-automated', 'it-dependent-manual'],
    ['IT dependent', 'it-dependent-manual'],
    ['IT-dependent manual', 'it-dependent-manual'],
    ['Manual / Automated', 'it-dependent-manual'],
    ['Hybrid', 'it-dependent-manual'],
    ['Okta', null],
    ['', null],
  ];
  it.each(cases)('%s -> %s', (text, expected) => {
    expect(normaliseMethod(text)).toBe(expected);
  });
});

describe('parseOwners', () => {
  const o = (raw: string, name: string | null, role: string | null, email: string | null): Owner => ({
    raw,
    name,
    role,
    email,
  });
  const cases: [string, Owner[]][] = [
    ['Dana Lee', [o('Dana Lee', 'Dana Lee', null, null)]],
    ['Dana Lee; Sam Park', [o('Dana Lee', 'Dana Lee', null, null), o('Sam Park', 'Sam Park', null, null)]],
    ['Dana Lee, Sam Park', [o('Dana Lee', 'Dana Lee', null, null), o('Sam Park', 'Sam Park', null, null)]],
    ['Dana Lee\nSam Park', [o('Dana Lee', 'Dana Lee', null, null), o('Sam Park', 'Sam Park', null, null)]],
    ['Lee, Dana', [o('Lee, Dana', 'Dana Lee', null, null)]],
    ['Dana Lee (Platform)', [o('Dana Lee (Platform)', 'Dana Lee', 'Platform', null)]],
    ['Controller (Sam Park)', [o('Controller (Sam Park)', 'Sam Park', 'Controller', null)]],
    ['Dana Lee - IT Manager', [o('Dana Lee - IT Manager', 'Dana Lee', 'IT Manager', null)]],
    ['dana.lee@acme.com', [o('dana.lee@acme.com', 'Dana Lee', null, 'dana.lee@acme.com')]],
    ['Dana Lee <Dana.Lee@acme.com>', [o('Dana Lee <Dana.Lee@acme.com>', 'Dana Lee', null, 'dana.lee@acme.com')]],
    ['dlee@acme.com', [o('dlee@acme.com', null, null, 'dlee@acme.com')]],
    ['IT Manager', [o('IT Manager', null, 'IT Manager', null)]],
    ['CFO / Controller', [o('CFO', null, 'CFO', null), o('Controller', null, 'Controller', null)]],
    ['Security Team', [o('Security Team', null, 'Security Team', null)]],
    ['IT, HR', [o('IT', null, 'IT', null), o('HR', null, 'HR', null)]],
    ['', []],
  ];
  it.each(cases)('%j', (text, expected) => {
    expect(parseOwners(text)).toEqual(expected);
  });
});

