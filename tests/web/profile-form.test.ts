// The engagement profile form's logic: what it sends for preview, create and update; lists; month/day; which field
// a server error belongs to. The server's own validation is run on what the form sends.
import { describe, expect, it } from 'vitest';
import { CYCLES as SERVER_CYCLES } from '../../server/domain/catalog.ts';
import { resolveProfile } from '../../server/domain/profile.ts';
import type { ApiError } from '../../web/src/api.ts';
import { CYCLES, daysIn, DEFAULT_CYCLES, emptyForm, errorField, formFromProfile, splitList, toProfileInput, withMonth, type ProfileForm } from '../../web/src/profile-form.ts';

const form = (patch: Partial<ProfileForm> = {}): ProfileForm => ({ ...emptyForm(), companyName: 'Acme', ...patch });

describe('profile form', () => {
  it('knows the server cycles; inventory is unchecked by default', () => {
    expect([...CYCLES]).toEqual([...SERVER_CYCLES]);
    expect(emptyForm().cyclesInScope).toEqual(DEFAULT_CYCLES);
    expect(DEFAULT_CYCLES).not.toContain('inventory');
  });

  it.each([
    ['NetSuite, Stripe\nADP', ['NetSuite', 'Stripe', 'ADP']],
    ['  NetSuite  \n\n,Stripe,', ['NetSuite', 'Stripe']],
    ['NetSuite\nNetSuite', ['NetSuite']],
    ['', []],
  ])('splits %j', (text, list) => {
    expect(splitList(text)).toEqual(list);
  });

  it.each([
    [2, 28],
    [4, 30],
    [12, 31],
  ])('month %i has %i possible year-end days', (m, d) => expect(daysIn(m)).toBe(d));

  it.each([
    [{ fyeMonth: 12, fyeDay: 31 }, 6, 30],
    [{ fyeMonth: 12, fyeDay: 31 }, 2, 28],
    [{ fyeMonth: 3, fyeDay: 15 }, 6, 15],
  ])('changing the month of %j to %i keeps a valid day (%i)', (start, month, day) => {
    const f = withMonth(form(start), month);
    expect([f.fyeMonth, f.fyeDay]).toEqual([month, day]);
  });

  it('omits empty optional fields so the server fills and explains its defaults', () => {
    const r = toProfileInput(form(), 'preview');
    expect(r.ok && r.value).toEqual({ companyName: 'Acme', fiscalYearEnd: '12-31', egc: true, filerStatus: 'non-accelerated', egcEndsFiscalYear: null, serviceOrganizations: [] });
    const resolved = resolveProfile(r.ok ? r.value : {}, '2026-01-15');
    expect(resolved.ok && resolved.value.defaults.map((d) => d.field).sort()).toEqual(['cyclesInScope', 'financialSystems', 'firstSale', 'ipoDate', 'planStart', 's1PeriodEnd']);
  });

  it('create and update always send the cycles; update sends an empty systems list to clear it', () => {
    const c = toProfileInput(form(), 'create');
    expect(c.ok && c.value.cyclesInScope).toEqual(DEFAULT_CYCLES);
    expect(c.ok && 'financialSystems' in c.value).toBe(false);
    const u = toProfileInput(form(), 'update');
    expect(u.ok && u.value.financialSystems).toEqual([]);
  });

  it('sends a full profile the server accepts as given', () => {
    const f = form({ ipoDate: '2027-05-03', fyeMonth: 6, fyeDay: 30, egc: true, filerStatus: 'large-accelerated', egcEndYear: '2029', planStart: '2026-02-01', financialSystems: 'NetSuite, Stripe', cyclesInScope: ['revenue', 'inventory'], serviceOrganizations: 'ADP' });
    const r = toProfileInput(f, 'create');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({ ipoDate: '2027-05-03', fiscalYearEnd: '06-30', egcEndsFiscalYear: 2029, planStart: '2026-02-01', financialSystems: ['NetSuite', 'Stripe'], cyclesInScope: ['revenue', 'inventory'], serviceOrganizations: ['ADP'] });
    const resolved = resolveProfile(r.value, '2026-01-15');
    // left to their REFERENCE §6 defaults: the S-1 period (empty in the form) and the first sale (the IPO date)
    expect(resolved.ok && resolved.value.defaults.map((d) => d.field).sort()).toEqual(['firstSale', 's1PeriodEnd']);
    const given = toProfileInput({ ...f, s1PeriodEnd: '2027-03-31' }, 'create');
    expect(given.ok && given.value.s1PeriodEnd).toBe('2027-03-31');
    expect(toProfileInput(f, 'update').ok && (toProfileInput(f, 'update') as { value: { s1PeriodEnd: unknown } }).value.s1PeriodEnd).toBeNull();
  });

  it.each([
    [{ egcEndYear: '29' }, false],
    [{ egcEndYear: 'soon' }, false],
    [{ egcEndYear: ' 2030 ' }, true],
    [{ egc: false, egcEndYear: 'ignored' }, true],
  ])('EGC end year %j valid=%s', (patch, ok) => {
    const r = toProfileInput(form(patch), 'preview');
    expect(r.ok).toBe(ok);
    if (!r.ok) expect(r.error.field).toBe('egcEndsFiscalYear');
  });

  it('round-trips a stored profile', () => {
    const f = form({ ipoDate: '2027-05-03', fyeMonth: 3, fyeDay: 31, egc: false, filerStatus: 'accelerated', planStart: '2026-02-01', financialSystems: 'NetSuite\nStripe', cyclesInScope: ['revenue', 'tax'], serviceOrganizations: 'ADP' });
    const r = toProfileInput(f, 'update');
    expect(r.ok && formFromProfile(r.value as unknown as Record<string, unknown>)).toEqual(f);
  });

  const e = (x: Partial<ApiError>): ApiError => ({ status: 400, code: 'invalid-input', message: 'm', ...x });
  it.each([
    [e({ reason: 'fiscalYearEnd' }), 'fiscalYearEnd'],
    [e({ details: { field: 'egcEndsFiscalYear' } }), 'egcEndsFiscalYear'],
    [e({ details: { issues: [{ path: 'ipoDate', message: 'a date as YYYY-MM-DD' }] } }), 'ipoDate'],
    [e({ details: { issues: [{ path: 'cyclesInScope.2', message: 'x' }] } }), 'cyclesInScope'],
    [e({ reason: 'not-a-spreadsheet' }), null],
    [e({}), null],
  ])('server error %j belongs to %s', (err, field) => {
    expect(errorField(err)).toBe(field);
  });
});
