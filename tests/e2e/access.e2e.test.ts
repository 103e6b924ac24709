// Access SoD in Chromium: a listing uploaded through the form (the rest and the HR roster through the API), the
// user × rule matrix with the AP clerk and controller conflicts, a drill into both sides, a simulated grant, and an
// accepted decision (first refused without a reason, with the server's message) that changes the status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTypicalListingSet, type ListingFiles } from '../fixtures/access-listings.ts';
import { apiCreateEngagement, screenshot, startApp, type Running } from './harness.ts';

async function apiUpload(base: string, path: string, bytes: Uint8Array, name: string, system?: string): Promise<number> {
  const form = new FormData();
  form.append('file', new Blob([bytes.slice().buffer as ArrayBuffer]), name);
  if (system) form.append('system', system);
  return (await fetch(`${base}${path}`, { method: 'POST', body: form })).status;
}

describe('Access SoD screen in Chromium', () => {
  let app: Running;
  let id = '';
  let files: ListingFiles;
  beforeAll(async () => {
    app = await startApp();
    id = await apiCreateEngagement(app.base, { companyName: 'Access Co', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25' });
    files = await buildTypicalListingSet();
  }, 120_000);
  afterAll(async () => app?.stop());

  it('starts empty, takes a listing through the form with its system, and shows it as evidence', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${id}/access`);
    await page.getByRole('heading', { name: 'Access SoD' }).waitFor();
    await page.getByText('No access listing yet').waitFor();
    expect(await page.getByRole('link', { name: 'Access SoD' }).getAttribute('aria-current')).toBe('page');

    // a file that is no listing: the server's message, not a blank screen
    await page.getByLabel('Listing file').setInputFiles({ name: 'numbers.csv', mimeType: 'text/csv', buffer: Buffer.from('a,b\n1,2\n') });
    await page.getByRole('button', { name: 'Upload listing' }).click();
    await page.getByRole('alert').filter({ hasText: /holds no access listing/ }).waitFor();

    await page.getByLabel('Listing file').setInputFiles({ name: 'sf-permissions.csv', mimeType: 'text/csv', buffer: Buffer.from(files.salesforce) });
    await page.getByLabel('System (optional)').fill('Salesforce Billing');
    await page.getByRole('button', { name: 'Upload listing' }).click();
    await page.getByText(/Read sf-permissions\.csv: Salesforce Billing, 5 rows/).waitFor();
    const row = page.locator('table.access-listings tbody tr', { hasText: 'sf-permissions.csv' });
    await row.waitFor();
    expect(await row.locator('td').first().innerText()).toContain('Salesforce Billing');
    expect(await row.innerText()).toMatch(/none — weaker evidence/);
  });

  it('shows the user × rule matrix, drills into the AP clerk, simulates a grant and records an accepted decision', async () => {
    const { page } = app;
    const base = `/api/engagements/${id}/access`;
    expect(await apiUpload(app.base, `${base}/listings`, files.netsuite, 'netsuite-users.xlsx')).toBe(201);
    expect(await apiUpload(app.base, `${base}/listings`, files.adp, 'adp-roles.xlsx')).toBe(201);
    expect(await apiUpload(app.base, `${base}/listings`, files.okta, 'okta-admins.csv')).toBe(201);
    expect(await apiUpload(app.base, `${base}/roster`, files.roster, 'hr-roster.csv')).toBe(201);
    await page.reload();
    await page.getByRole('heading', { name: 'Conflicts by user and rule' }).waitFor();

    // the listings table: system, file, extraction date in the user's locale (en-GB), rows
    const ns = page.locator('table.access-listings tbody tr', { hasText: 'netsuite-users.xlsx' });
    expect(await ns.innerText()).toMatch(/NetSuite[\s\S]*31 Oct 2026[\s\S]*15/);

    // rows are users, columns rules; the AP clerk and the controller are there, each cell a labelled button
    const matrix = page.locator('table.access-matrix');
    const headers = await matrix.locator('thead th').allInnerTexts();
    expect(headers).toEqual(expect.arrayContaining(['User', 'SOD-P2P-03', 'SOD-GL-01']));
    const users = await matrix.locator('tbody th[scope=row]').allInnerTexts();
    expect(users.some((u) => u.startsWith('Ana Ruiz'))).toBe(true);
    expect(users.some((u) => u.startsWith('Carla Diaz'))).toBe(true);
    expect(users.some((u) => u.includes('Finance Power User'))).toBe(false);
    const carla = page.getByRole('button', { name: /^Carla Diaz · SOD-GL-01: critical, 1 conflict, 1 open/ });
    expect(await carla.innerText()).toMatch(/critical/); // the word, not only the colour
    const ana = page.getByRole('button', { name: /^Ana Ruiz · SOD-P2P-03: critical, 1 conflict, 1 open/ });
    // an empty cell is no button: Ana has no journal-entry conflict
    expect(await page.getByRole('button', { name: /^Ana Ruiz · SOD-GL-01/ }).count()).toBe(0);
    // toxic role, leaver, generic accounts, unmapped
    expect(await page.getByRole('button', { name: 'Finance Power User · SOD-GL-01' }).isVisible()).toBe(true);
    const leaver = page.locator('section', { has: page.getByRole('heading', { name: /Leavers still active \(1\)/ }) });
    expect(await leaver.innerText()).toMatch(/Dave Nguyen[\s\S]*NetSuite[\s\S]*15 Sept? 2026[\s\S]*46/);
    expect(await page.getByRole('heading', { name: 'Generic and shared accounts (3)' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Unmapped roles and permissions (2)' }).isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: 'Edit Opportunities', exact: true }).first().isVisible()).toBe(true);
    const before = await page.locator('.access-readiness').innerText();
    // 21 points before issue 22's rules, plus Ana's vendor maintenance + payment run (SOD-P2P-10, critical: 2) and
    // Carla's security administration + journal preparation (SOD-IT-21, high: 1)
    expect(before).toMatch(/−24 pts/);

    // drill into the AP clerk: both sides with the roles, permissions and listing rows
    await ana.click();
    const detail = page.locator('article.access-conflict[data-key*="SOD-P2P-03|user|email:ana.ruiz"]');
    await detail.waitFor();
    expect(await ana.getAttribute('aria-pressed')).toBe('true');
    const sides = await detail.locator('.sod-side').allInnerTexts();
    expect(sides).toHaveLength(2);
    expect(sides[0]).toMatch(/Vendor Maintenance[\s\S]*Vendors[\s\S]*netsuite-users\.xlsx › Users and Roles row 6/);
    expect(sides[1]).toMatch(/Payment Release[\s\S]*Approve Vendor Payments[\s\S]*row 7/);
    expect(await detail.locator('.access-status').innerText()).toMatch(/open/);

    // accept without a reason: the server refuses and says why
    await detail.getByLabel('Accept the risk').check();
    await detail.getByRole('button', { name: 'Record decision' }).click();
    await detail.getByRole('alert').filter({ hasText: /needs a written reason/ }).waitFor();
    await detail.getByLabel('Reason for accepting (required)').fill('single AP person until the Q2 hire; the CFO approves every payment run');
    await detail.getByRole('button', { name: 'Record decision' }).click();
    await page.getByRole('button', { name: /^Ana Ruiz · SOD-P2P-03: critical, 1 conflict, 0 open/ }).waitFor();
    // the open detail is fetched again once the page's analysis has moved on
    const after = page.locator('article.access-conflict[data-key*="SOD-P2P-03|user|email:ana.ruiz"]');
    await after.locator('.access-status', { hasText: 'accepted' }).waitFor();
    expect(await after.innerText()).toMatch(/reason: single AP person until the Q2 hire/);
    // Ana's SOD-P2P-03 accepted: one critical (2 points) less than 24
    expect(await page.locator('.access-readiness').innerText()).toMatch(/−22 pts/);

    // what-if: the payroll practitioner given the toxic finance role; then a harmless grant
    await page.getByLabel('User (name or e-mail)').fill('gina.park@acme.com');
    await page.getByLabel('System', { exact: true }).fill('NetSuite');
    await page.getByLabel('Role to grant').fill('Finance Power User');
    await page.getByRole('button', { name: 'Simulate' }).click();
    const sim = page.locator('.sim-result');
    await sim.waitFor();
    expect(await sim.innerText()).toMatch(/1 new conflict[\s\S]*Gina Park gets Finance Power User in NetSuite[\s\S]*critical[\s\S]*SOD-GL-01/);
    await page.getByLabel('User (name or e-mail)').fill('Dana Moss');
    await page.getByLabel('Role to grant').fill('Payment Release');
    await page.getByRole('button', { name: 'Simulate' }).click();
    await sim.filter({ hasText: /No new conflict/ }).waitFor();

    await page.evaluate(() => window.scrollTo(0, 0)); // sticky table headers would float mid-page in a full-page shot
    await screenshot(page, 'access');

    // the decision changed to removing the access: the finding names its plan task (the API sends the task's id; the
    // detail shows that task's title, owner and due date)
    await after.getByLabel('Remediate (remove the access)').check();
    await after.getByLabel('Owner (optional)').fill('IT Operations');
    await after.getByRole('button', { name: 'Record decision' }).click();
    await after.locator('.access-status', { hasText: 'remediated' }).waitFor();
    const planTask = after.locator('dt', { hasText: 'Plan task' }).locator('xpath=following-sibling::dd[1]');
    await planTask.waitFor();
    expect(await planTask.innerText()).toMatch(/^\S.* · IT Operations · due \S+/);
    expect(await planTask.innerText()).not.toMatch(/undefined/);
  });

  it('edits the duty map: confirms an unmapped permission, undoes it, saves the map as a template, all audited', async () => {
    const { page } = app;
    await page.goto(`${app.base}/#/e/${id}/access`);
    await page.getByRole('heading', { name: 'Unmapped roles and permissions (2)' }).waitFor();
    const editor = page.locator('section.duty-map-editor');
    // unmapped first, named as such
    expect(await editor.locator('tbody tr').first().innerText()).toMatch(/unmapped/);
    await editor.getByRole('button', { name: 'Map Salesforce Billing permission Edit Opportunities' }).click();
    const form = editor.locator('form.dm-form');
    await form.getByLabel('Find a duty').fill('journal');
    const shown = await form.locator('.dm-duty').allInnerTexts();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((t) => /journal/i.test(t))).toBe(true);
    await form.getByLabel('Why (optional, kept with the mapping)').fill('sales pipeline only, no financial posting');
    await form.getByRole('button', { name: 'Confirm: grants no SoD duty' }).click();
    // the Sales User role grants nothing but this permission: it is mapped with it
    await page.getByRole('heading', { name: 'Unmapped roles and permissions (0)' }).waitFor();
    await page.getByText('Every role and permission in the listings is mapped to duties.').waitFor();
    const row = editor.locator('tbody tr', { hasText: 'Edit Opportunities' });
    await expect.poll(() => row.innerText()).toMatch(/✔ confirmed/);

    // back to the suggestion: unmapped again
    await editor.getByRole('button', { name: 'Map Salesforce Billing permission Edit Opportunities' }).click();
    await editor.getByRole('button', { name: 'Back to the suggestion' }).click();
    await page.getByRole('heading', { name: 'Unmapped roles and permissions (2)' }).waitFor();

    // nothing confirmed: nothing to save as a template, and the message says what to do
    await editor.locator('summary', { hasText: 'Templates' }).click();
    await editor.getByLabel("Save this engagement's map as a template").fill('Access Co NetSuite');
    await editor.getByRole('button', { name: 'Save template' }).click();
    await editor.getByRole('alert').filter({ hasText: /confirm at least one role or permission/ }).waitFor();

    // the suggestion for a NetSuite role, confirmed as it is
    await editor.getByRole('button', { name: /^Map NetSuite role Vendor Maintenance$/ }).click();
    expect(await form.locator('legend').innerText()).toMatch(/\(1 ticked\)/);
    await form.getByRole('button', { name: 'Confirm mapping' }).click();
    await expect.poll(() => editor.locator('tbody tr', { hasText: 'Vendor Maintenance' }).first().innerText()).toMatch(/✔ confirmed/);

    await editor.getByLabel("Save this engagement's map as a template").fill('Access Co NetSuite');
    await editor.getByRole('button', { name: 'Save template' }).click();
    await editor.getByText(/Saved as the template "Access Co NetSuite"/).waitFor();
    // and it is offered for layering, here and in every other engagement
    await editor.getByText(/Access Co NetSuite \(saved;/).waitFor();
    const audit = (await (await fetch(`${app.base}/api/engagements/${id}/audit`)).json()) as { entries: { action: string }[] };
    const actions = audit.entries.map((e) => e.action);
    expect(actions.filter((a) => a === 'access.duty-map.update')).toHaveLength(3);
    expect(actions).toContain('access.duty-map.template.save');
    await screenshot(page, 'access-duty-map');
  });
  it('pages a large matrix, finds a user by name or e-mail, and opens a user conflict fetched on demand', async () => {
    const { page } = app;
    const big = await apiCreateEngagement(app.base, { companyName: 'Big Co', ipoDate: '2027-05-15', fiscalYearEnd: '12-31', planStart: '2026-11-25' });
    // 150 AP clerks who can both maintain vendors and release payments
    const lines = ['Name,Email,Role'];
    for (let i = 0; i < 150; i++) {
      const n = String(i).padStart(3, '0');
      lines.push(`Clerk ${n},clerk${n}@big.example,Vendor Maintenance`, `Clerk ${n},clerk${n}@big.example,Payment Release`);
    }
    expect(await apiUpload(app.base, `/api/engagements/${big}/access/listings`, Buffer.from(lines.join('\n')), 'netsuite-users.csv', 'NetSuite')).toBe(201);
    await page.goto(`${app.base}/#/e/${big}/access`);
    await page.getByRole('heading', { name: 'Conflicts by user and rule' }).waitFor();
    const matrix = page.locator('table.access-matrix');
    const status = page.locator('.access-matrix-find [role=status]');
    expect(await status.innerText()).toBe('150 users with conflicts; showing 100, most severe first');
    expect(await matrix.locator('tbody th[scope=row]').count()).toBe(100);
    await page.getByRole('button', { name: 'Show 50 more' }).click();
    expect(await matrix.locator('tbody th[scope=row]').count()).toBe(150);
    expect(await page.getByRole('button', { name: /^Show \d+ more/ }).count()).toBe(0);

    await page.getByLabel('Find a user').fill('CLERK142@');
    await page.waitForFunction(() => document.querySelectorAll('table.access-matrix tbody th[scope=row]').length === 1);
    expect(await status.innerText()).toBe('1 of 150 users with conflicts; showing 1');
    await page.getByRole('button', { name: /^Clerk 142 · SOD-P2P-03: critical, 1 conflict, 1 open/ }).click();
    const detail = page.locator('article.access-conflict[data-key*="SOD-P2P-03|user|email:clerk142@big.example"]');
    await detail.waitFor();
    expect(await detail.locator('.sod-side').allInnerTexts()).toEqual([
      expect.stringMatching(/Vendor Maintenance[\s\S]*netsuite-users\.csv/),
      expect.stringMatching(/Payment Release[\s\S]*netsuite-users\.csv/),
    ]);
    await page.getByLabel('Find a user').fill('nobody');
    await page.waitForFunction(() => document.querySelectorAll('table.access-matrix tbody th[scope=row]').length === 0);
    expect(await status.innerText()).toBe('0 of 150 users with conflicts; showing 0');
  });
});
