// Every duty of the shipped rule set, written the ways people write it: active ("we approve changes"), passive
// ("changes are approved by the lead"), nominal ("change approval"), negated ("we never approve changes") and handed
// off ("someone other than the owner does change approval"). The rule (clause-match.ts): a phrase naming an act
// matches on lemmas within one clause, in any order; negation within the clause, or "other than" before it, drops it.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../server/catalog/load-catalog.ts';
import { matchDuties } from '../../server/domain/duties.ts';
import { ruleSetDuties } from '../../server/domain/rule-tables.ts';

const catalog = loadCatalog();
if (!catalog.ok) throw new Error('catalogue did not load');
const DUTIES = ruleSetDuties(catalog.value.sodRules);

// [duty, verb phrase (base form), passive sentence, nominal phrase]
const FORMS: [string, string, string, string][] = [
  ['vendor-master', 'create vendors in NetSuite', 'New vendors are created by the AP lead', 'vendor creation'],
  ['invoice-entry', 'enter vendor invoices', 'Vendor invoices are entered by the AP clerk', 'vendor invoice entry'],
  ['invoice-approval', 'approve invoices over $5k', 'Invoices are approved by the budget owner', 'invoice approval'],
  ['record-liabilities', 'record liabilities at month end', 'Liabilities are recorded by the GL team', 'recording of liabilities'],
  ['payment-run', 'execute payments weekly', 'Payments are executed by treasury', 'payment processing'],
  ['payment-release', 'release payments in the bank portal', 'Payments are released by the CFO', 'payment release'],
  ['po-creation', 'create purchase orders', 'Purchase orders are created by buyers', 'purchase order creation'],
  ['po-approval', 'approve purchase orders', 'Purchase orders are approved by the budget owner', 'purchase order approval'],
  ['requisition', 'raise requisitions', 'Requisitions are raised by staff', 'purchase requisition'],
  ['goods-receipt', 'receive goods at the dock', 'Goods are received by the warehouse', 'goods receipt'],
  ['customer-master', 'create customers in the ERP', 'Customers are created by sales operations', 'customer creation'],
  ['billing', 'invoice customers monthly', 'Customers are invoiced by billing operations', 'customer invoicing'],
  ['cash-application', 'apply cash daily', 'Cash is applied by AR', 'cash application'],
  ['write-off', 'write off receivables', 'Receivables are written off by the controller', 'bad debt write-off'],
  ['credit-management', 'set credit limits', 'Credit limits are set by the credit manager', 'credit approval'],
  ['record-receivables', 'record receivables', 'Receivables are recorded by AR', 'receivables posting'],
  ['credit-note', 'issue credits to customers', 'Credit memos are issued by billing', 'credit note'],
  ['je-prepare', 'prepare journal entries', 'Journal entries are prepared by the staff accountant', 'journal entry preparation'],
  ['je-approve', 'approve journal entries', 'Journal entries are approved by the controller', 'journal entry approval'],
  ['je-post', 'post journal entries', 'Journal entries are posted by the GL lead', 'journal entry posting'],
  ['period-control', 'close periods in the ledger', 'Periods are closed by the controller', 'period lock'],
  ['account-reconciliation', 'reconcile accounts monthly', 'Accounts are reconciled by the GL team', 'account reconciliation'],
  ['bank-reconciliation', 'reconcile bank accounts', 'The bank is reconciled by treasury', 'bank reconciliation'],
  ['bank-master', 'add bank accounts', 'Bank accounts are added by treasury', 'bank account maintenance'],
  ['wire-initiation', 'initiate wires', 'Wires are initiated by the treasury analyst', 'wire initiation'],
  ['wire-release', 'release wires', 'Wires are released by the CFO', 'wire release'],
  ['inventory-custody', 'hold physical custody of stock', 'Physical custody is held by the warehouse', 'inventory custody'],
  ['inventory-adjustment', 'adjust inventory', 'Inventory is adjusted by the cost accountant', 'inventory adjustment'],
  ['stock-movement', 'move stock between bins', 'Stock is moved by warehouse staff', 'stock movement'],
  ['inventory-count', 'count inventory quarterly', 'Inventory is counted by the count team', 'cycle count'],
  ['shipping', 'ship orders', 'Orders are shipped by the warehouse', 'order fulfillment'],
  ['employee-master', 'create employees in the HRIS', 'Employees are created by HR', 'employee setup'],
  ['payroll-run', 'run payroll twice monthly', 'Payroll is run by the payroll specialist', 'payroll processing'],
  ['time-entry', 'enter time weekly', 'Time is entered by each employee', 'time entry'],
  ['payroll-approval', 'approve payroll', 'Payroll is approved by the CFO', 'payroll approval'],
  ['fixed-asset-maintenance', 'capitalize assets', 'Assets are capitalized by the FA accountant', 'asset additions'],
  ['depreciation', 'run depreciation', 'Depreciation is run by the FA accountant', 'depreciation run'],
  ['system-configuration', 'configure workflows', 'Workflows are configured by the admin team', 'workflow configuration'],
  ['security-administration', 'provision access', 'Access is provisioned by IT', 'access provisioning'],
  ['financial-transactions', 'process transactions', 'Transactions are processed by finance users', 'transaction processing'],
  ['privileged-access', 'hold superuser rights', 'Superuser rights are held by two engineers', 'superuser access'],
  ['develop-change', 'develop code', 'Code is developed by the product team', 'code changes'],
  ['deploy-production', 'deploy to production', 'Changes are deployed by the pipeline', 'production deployment'],
  ['change-approval', 'approve changes', 'Changes are approved by the platform lead', 'change approval'],
  ['access-review', 'review user access', 'User access is reviewed quarterly', 'user access review'],
  ['equity-administration', 'enter grants in Carta', 'Grants are entered by the stock administrator', 'equity administration'],
  ['stock-comp-accounting', 'record stock-based compensation', 'Stock-based compensation is recorded by the controller', 'stock-based compensation expense'],
  ['tax-provision-prepare', 'prepare the tax provision', 'The tax provision is prepared by the tax manager', 'tax provision preparation'],
  ['tax-provision-review', 'review the tax provision', 'The tax provision is reviewed by the CFO', 'tax provision review'],
  ['lease-data-entry', 'abstract leases', 'Leases are abstracted by the lease accountant', 'lease abstraction'],
  ['lease-accounting-review', 'review lease schedules', 'Lease schedules are reviewed by the controller', 'lease schedule review'],
];

describe('every duty of the shipped rule set, in every form', () => {
  it('covers every duty', () => {
    expect(FORMS.map((f) => f[0]).sort()).toEqual(DUTIES.map((d) => d.id).sort());
  });
  const has = (text: string, duty: string) => matchDuties(text, DUTIES).includes(duty);
  describe.each(FORMS)('%s', (duty, vp, passive, nominal) => {
    it(`active: "We ${vp}"`, () => expect(has(`We ${vp}.`, duty)).toBe(true));
    it(`passive: "${passive}"`, () => expect(has(`${passive}.`, duty)).toBe(true));
    it(`nominal: "${nominal}"`, () => expect(has(`Monthly ${nominal} is evidenced in the ticket.`, duty)).toBe(true));
    it('negated: "we never …"', () => expect(has(`We never ${vp}.`, duty)).toBe(false));
    it('negated passive: "… not …"', () => expect(has(`${passive.replace(/ (is|are) /u, ' $1 not ')}.`, duty)).toBe(false));
    it('handed off: "someone other than the owner does …"', () =>
      expect(has(`Someone other than the owner does ${nominal}.`, duty)).toBe(false));
  });
});
