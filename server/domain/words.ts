// The words a finance team reads in place of the codes the engine works with: one table, used by the web app, the
// plan workbook and the command line. The codes stay in the JSON, the API and the filters; people see the label
// and the sentence. Adding a reason code to REASON_CODES without words here is a type error.
import type { DeficiencySeverity, Indicator, Likelihood, ReasonCode } from './catalog.ts';

export interface Words {
  label: string; // a few words, sentence case, fit for a column or a tag
  sentence: string; // one plain-English sentence: what it means and what to do
}

export const REASON_WORDS: Record<ReasonCode, Words> = {
  'financial-scope': {
    label: 'Financial systems in scope',
    sentence: 'The SOC 2 control must be extended to cover the systems that feed the financial statements (ERP, billing, payroll).',
  },
  sod: {
    label: 'Segregation of duties',
    sentence: 'The person who performs the activity must not also approve or record it; the control must show who does which part.',
  },
  ipe: {
    label: 'Reports relied on (IPE)',
    sentence: 'Reports and system data the control relies on must be checked for completeness and accuracy each time they are used.',
  },
  'business-approval': {
    label: 'Business owner approval',
    sentence: 'A business owner, not only IT, must approve the change or access that affects financial data.',
  },
  'dev-prod-separation': {
    label: 'Developers kept out of production',
    sentence: 'Those who write changes must not be able to move them into the live financial systems themselves.',
  },
  'emergency-change': {
    label: 'Emergency changes reviewed',
    sentence: 'Changes made in an emergency must be approved and reviewed after the fact, with evidence kept.',
  },
  'change-monitoring': {
    label: 'Changes monitored',
    sentence: 'Someone independent must periodically compare the changes made in production with the approved changes.',
  },
  'privileged-monitoring': {
    label: 'Administrator activity reviewed',
    sentence: 'What administrators and other privileged users do in the financial systems must be logged and reviewed.',
  },
  'timely-removal': {
    label: 'Access removed on time',
    sentence: 'Leavers must lose access to the financial systems promptly, within a set number of days, with evidence of when.',
  },
  'mrc-precision': {
    label: 'Management review precision',
    sentence: 'The review must state what it looks at, the threshold that triggers follow-up and how differences are resolved.',
  },
  frequency: {
    label: 'Frequency',
    sentence: 'The control must run as often as the SOX programme requires; the SOC 2 control runs less often.',
  },
  evidence: {
    label: 'Evidence kept',
    sentence: 'Each run of the control must leave evidence (a sign-off, a ticket, a report) that an auditor can reperform.',
  },
  'soc1-reliance': {
    label: 'Service provider report (SOC 1)',
    sentence: "A service provider's SOC 1 report must be obtained and its complementary user entity controls put in place.",
  },
  'no-source-control': {
    label: 'No SOC 2 control to start from',
    sentence: 'No SOC 2 control covers this: it must be designed and put in place from scratch.',
  },
  assertions: {
    label: 'Financial statement assertions',
    sentence: 'The control must be linked to the financial statement assertions it addresses (existence, completeness, accuracy, …).',
  },
  'key-control': {
    label: 'Key control',
    sentence: 'This is a key control: the auditor will test it, so its design and evidence must be complete.',
  },
};

// Import and access-listing issues: what the reader or the intake noticed, by code.
export const ISSUE_WORDS: Record<string, Words> = {
  'sheet-ignored': { label: 'Sheet not read', sentence: 'The sheet holds no control table, so it was left out.' },
  'sheet-hidden': { label: 'Hidden sheet', sentence: 'The sheet is hidden in the workbook; check that it belongs in the import.' },
  'sheet-very-hidden-skipped': { label: 'Hidden sheet skipped', sentence: 'The sheet can only be unhidden with macros, so it was not read.' },
  'sheet-not-read': { label: 'Sheet not read', sentence: 'The sheet could not be read.' },
  'sheet-not-found': { label: 'Sheet not found', sentence: 'The sheet asked for is not in the workbook.' },
  'rows-hidden': { label: 'Hidden rows', sentence: 'Some rows are hidden in the workbook; they were read like the others.' },
  'hidden-rows': { label: 'Hidden rows', sentence: 'Some rows are hidden in the workbook; they were read like the others.' },
  'merges-capped': { label: 'Merged cells', sentence: 'The sheet has more merged cells than are expanded; some merged values may be missing.' },
  'formula-no-result': { label: 'Formula without a value', sentence: 'A formula cell has no saved result; open and save the file in Excel, then import it again.' },
  'number-unreadable': { label: 'Unreadable number', sentence: 'A number cell could not be read and was left empty.' },
  'cell-unrecognised': { label: 'Unreadable cell', sentence: 'A cell holds a value of a kind that could not be read.' },
  'cell-references-added': { label: 'References to other cells', sentence: 'A formula refers to other cells; their values were used.' },
  'hyperlink-dropped': { label: 'Link not kept', sentence: 'A hyperlink was read as its text only.' },
  'defined-name-removed': { label: 'Named range removed', sentence: 'A named range pointed nowhere and was ignored.' },
  'date-out-of-range': { label: 'Date out of range', sentence: 'A date lies outside the years the plan can use.' },
  'date-unreadable': { label: 'Unreadable date', sentence: 'A date could not be read; write it as a date or YYYY-MM-DD.' },
  'csv-encoding-guessed': { label: 'Text encoding guessed', sentence: 'The CSV file does not say how its text is encoded; check accented names.' },
  'too-many-rows': { label: 'Too many rows', sentence: 'The sheet has more rows than the import limit.' },
  'no-table-found': { label: 'No control table', sentence: 'No sheet has a header row naming control fields (id, description, criteria, owner).' },
  'table-empty': { label: 'Empty table', sentence: 'The table has a header row but no controls under it.' },
  'file-recognised': { label: 'File recognised', sentence: 'The file is not a company control matrix in the usual shape; what it is, and what was imported from it, is said beside.' },
  'criteria-catalogue': { label: 'Criteria list, not controls', sentence: "The sheet lists the Trust Services Criteria themselves, not the company's controls, so no readiness can be computed from it." },
  'worker-failed': { label: 'File could not be read', sentence: 'Reading the file failed part-way; nothing of it was imported. Save it again from Excel and upload it once more.' },
  'layout-detected': { label: 'Layout recognised', sentence: 'The table was recognised as a known layout and read accordingly.' },
  'columns-ignored': { label: 'Columns not used', sentence: 'Some columns matched no control field and were left out.' },
  'header-repeated': { label: 'Header repeated', sentence: 'The header row appears again inside the table; the repeat was skipped.' },
  'section-heading': { label: 'Section heading', sentence: 'A row is a section heading, not a control, and was read as such.' },
  'rows-after-table': { label: 'Rows after the table', sentence: 'Rows below the end of the table were not read as controls.' },
  'row-skipped': { label: 'Row skipped', sentence: 'A row could not be read as a control.' },
  'row-no-controls': { label: 'Row without a control', sentence: 'A row holds no control id or description.' },
  'row-no-description': { label: 'Control without a description', sentence: 'A control has no description; the analysis can only use its other columns.' },
  'duplicate-id': { label: 'Control id used twice', sentence: 'Two rows carry the same control id; both were kept.' },
  'ids-generated': { label: 'Control ids added', sentence: 'Controls without an id were given one from their sheet and row.' },
  'criteria-missing': { label: 'No SOC 2 criteria', sentence: 'A control names no SOC 2 criterion; criteria were inferred from its text where possible.' },
  'no-criteria-column': { label: 'No criteria column', sentence: 'The table has no SOC 2 criteria column; criteria were inferred from the control texts.' },
  'criterion-unknown': { label: 'Unknown SOC 2 criterion', sentence: 'A criterion is not one of the 2017 Trust Services Criteria and was left out.' },
  'criteria-unreadable': { label: 'Unreadable criteria', sentence: 'The criteria cell could not be read as a list of SOC 2 criteria.' },
  'criteria-family-level': { label: 'Criteria named by family only', sentence: 'A control names a family of criteria (such as CC6) rather than single criteria.' },
  'frequency-unknown': { label: 'Frequency not recognised', sentence: 'The frequency is not one the plan knows (daily, weekly, monthly, quarterly, annual, per event).' },
  'frequency-from-text': { label: 'Frequency read from the text', sentence: 'The frequency was taken from the control description.' },
  'nature-unknown': { label: 'Nature not recognised', sentence: 'The nature is neither preventive nor detective.' },
  'nature-mixed': { label: 'Nature mixed', sentence: 'The control is described as both preventive and detective.' },
  'method-unknown': { label: 'Method not recognised', sentence: 'The method is neither manual, automated nor IT-dependent manual.' },
  'status-unknown': { label: 'Status not recognised', sentence: 'The account status is not one recognised as active or inactive.' },
  'no-access-columns': { label: 'No access columns', sentence: 'The sheet has no user and role or permission columns.' },
  'sheet-not-a-listing': { label: 'Not an access listing', sentence: 'The sheet does not look like a user access listing.' },
  'no-user': { label: 'Row without a user', sentence: 'A row names no user.' },
  'no-role': { label: 'Row without a role', sentence: 'A row names no role.' },
  'no-permission': { label: 'Row without a permission', sentence: 'A row names no permission.' },
  'matrix-mark-unknown': { label: 'Mark not recognised', sentence: 'A mark in the user-by-role matrix is neither X nor empty.' },
  'no-extraction-date': { label: 'No extraction date', sentence: 'The listing does not say when it was extracted; the file date was used.' },
  'extraction-dates-differ': { label: 'Extraction dates differ', sentence: 'The listings were extracted on different dates.' },
  'row-count-mismatch': { label: 'Row count differs', sentence: 'The number of rows differs from the count the file states.' },
  'roster-no-termination-column': { label: 'No termination dates', sentence: 'The HR roster has no termination date column, so leavers cannot be found.' },
  'termination-date-unreadable': { label: 'Unreadable termination date', sentence: 'A termination date could not be read.' },
};

// Any code without words (a new one) reads as its words, never as a raw code: "frequency-unknown" → "Frequency unknown".
// A text that starts a label or a sentence: its first letter a capital.
export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export function issueWords(code: string): Words {
  const known = ISSUE_WORDS[code];
  if (known) return known;
  const text = code.replace(/-/g, ' ');
  return { label: capitalise(text), sentence: '' };
}

export const reasonWords = (code: ReasonCode): Words => REASON_WORDS[code];

// "1 day", "3 days", "1 control", "2 entries": the count and its noun, in agreement.
// The count as toLocaleString('en-US') writes it ("1,234", "2.5"); a small integer (most counts) without Intl, whose
// first use costs milliseconds in a fresh process and a formatter lookup on every call after.
let enUs: Intl.NumberFormat | null = null;
export const countText = (n: number) =>
  Number.isInteger(n) && n > -1000 && n < 1000 && !Object.is(n, -0) ? String(n) : (enUs ??= new Intl.NumberFormat('en-US')).format(n);

export function plural(n: number, singular: string, pluralForm?: string): string {
  const many = pluralForm ?? (/(s|x|ch|sh)$/.test(singular) ? `${singular}es` : /[^aeiou]y$/.test(singular) ? `${singular.slice(0, -1)}ies` : `${singular}s`);
  return `${countText(n)} ${n === 1 ? singular : many}`;
}

// Access listings: the shape a sheet was read as, and where its extraction date came from.
export const LISTING_SHAPE_WORDS: Record<'user-role' | 'user-permission' | 'role-matrix' | 'role-permission', string> = {
  'user-role': 'users and their roles',
  'user-permission': 'users and their permissions',
  'role-matrix': 'a user-by-role matrix',
  'role-permission': 'roles and their permissions',
};

export const EXTRACTED_AT_WORDS: Record<'column' | 'title' | 'file-name' | 'file-modified' | 'none', string> = {
  column: 'from the date column',
  title: "from the sheet's title",
  'file-name': 'from the file name',
  'file-modified': 'from the date the file was last saved',
  none: 'no date found',
};

// The catalogue's texts cite the rule or standard; the pointers its maintainers keep to this repository's own
// documents ("REFERENCE §5", "templates/testing.json", "DESIGN.md") are for them, not for a finance team, so they
// are taken out of every text read from templates/ (the JSON files keep them). What they pointed to stays:
// "(REFERENCE §5: billing vs cash application)" → "(billing vs cash application)".
const SECTION = String.raw`(?:REFERENCE|DESIGN|EXCEL)(?:\.md)?\s*§\s*\d+(?:\s*(?:[–-]|,|and)\s*§?\s*\d+)*`;
const REPO_FILE = String.raw`(?:templates|server|web|tests|docs)/[\w./-]+\.(?:json|ts|tsx|md|csv|xlsx)|\b[A-Z][A-Z-]+\.md\b`;
const REPO_REF = new RegExp(`${SECTION}|${REPO_FILE}`);

export function publicText(text: string): string {
  if (!REPO_REF.test(text)) return text;
  return text
    .replace(new RegExp(String.raw`\s*\((?:see\s+)?(?:${SECTION}|${REPO_FILE})\)`, 'g'), '') // "(REFERENCE §4)"
    .replace(new RegExp(String.raw`\((?:${SECTION}|${REPO_FILE})\s*[:;,—–]\s*`, 'g'), '(') // "(REFERENCE §5: x)" → "(x)"
    .replace(new RegExp(String.raw`\(\s*(?:${SECTION}|${REPO_FILE})\s*`, 'g'), '(') // "(REFERENCE §7 table …)"
    .replace(new RegExp(String.raw`[;,]\s*(?:${SECTION}|${REPO_FILE})(?=\s*[;,)]|$)`, 'g'), '') // "; REFERENCE §1"
    .replace(new RegExp(String.raw`(?:${SECTION}|${REPO_FILE})\s*[:,]?\s*`, 'g'), '') // anything left
    .replace(/\(\s*\)/g, '')
    .replace(/\(\s*[;,]\s*/g, '(')
    .replace(/\s+([;,.)])/g, '$1')
    .replace(/ {2,}/g, ' ')
    .trim();
}

// True when a text shown to people names a file or document of this repository.
export function namesRepositoryFile(text: string): boolean {
  return REPO_REF.test(text);
}

// The label of a reason code received as a plain string (the web app, the JSON): never the raw code.
export function reasonLabel(code: string): string {
  return (REASON_WORDS as Record<string, Words | undefined>)[code]?.label ?? issueWords(code).label;
}
export function reasonSentence(code: string): string {
  return (REASON_WORDS as Record<string, Words | undefined>)[code]?.sentence ?? '';
}

// A deficiency's rating, the likelihood it weighs and the indicators of a material weakness (AS 2201.62-.70, A3, A7,
// A11; SEC Release 33-8810 §II.B.1), in the words of a sentence ("an open material weakness"); capitalise() makes
// one a label. The ids stay in the JSON, the API and the workbook's code columns.
export const SEVERITY_WORDS: Record<DeficiencySeverity, string> = {
  deficiency: 'deficiency',
  'significant-deficiency': 'significant deficiency',
  'material-weakness': 'material weakness',
};

export const LIKELIHOOD_WORDS: Record<Likelihood, string> = {
  remote: 'remote',
  'reasonably-possible': 'reasonably possible',
  probable: 'probable',
};

export const INDICATOR_WORDS: Record<Indicator, string> = {
  restatement: 'restatement of previously issued financial statements',
  'senior-management-fraud': 'fraud by senior management, material or not',
  'ineffective-audit-committee': 'ineffective oversight by the audit committee',
  'auditor-identified-misstatement': 'material misstatement identified by the auditor, not by the controls',
};

