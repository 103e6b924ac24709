// A small English lemmatiser for the words control matrices use to say who does what. It maps a word to a key that
// every inflection of the word shares, and that the closed list of nominal forms below shares with its verb:
// "approve", "approves", "approved", "approving", "approval", "approver" → one key; "provision", "provisioned",
// "provisioning" → one key; "deploy", "deployed", "deployment" → one key.
//
// Why not an NLP library (see also duties.ts): wink-nlp 2.4 with wink-eng-lite-web-model 1.8 takes about 145 ms to
// load and about 370 ms to lemmatise 5,000 short control texts on this machine; compromise 14 about 270 ms to load
// and 600 ms for 500 texts. The whole 5,000-control analysis (delta, SoD, plan) must stay within 0.1–0.3 × of loading
// the workbook (about 470 ms), so either library alone would spend the budget several times over. Control matrices
// use a small, regular vocabulary; a closed list is predictable, testable and costs a Map lookup per distinct word.
//
// The rule (tests guard it):
// - Inflections are stripped: -s/-es/-ies, -ed/-ied, -ing (a doubled final consonant is undoubled: committed →
//   commit, running → run), then a final -e is dropped (approve/approved → approv). Words of three letters or fewer
//   only lose -s when longer than three (cabs → cab; "has", "is" stay).
// - Nothing else is stripped: "deployable", "redeploy", "commitment", "committee" keep their own keys. Agent and
//   action nouns (approval, approver, deployment, creation, application…) map to their verb only through the
//   NOMINALS list below: a noun that is not listed is its own word.

// noun (singular) → the verb it names. Only nouns whose meaning in a control matrix is the act of the verb.
const NOMINALS: Record<string, string> = {
  approval: 'approve',
  approver: 'approve',
  deployment: 'deploy',
  deployer: 'deploy',
  creation: 'create',
  creator: 'create',
  assignment: 'assign',
  administration: 'administer',
  administrator: 'administer',
  admin: 'administer',
  configuration: 'configure',
  reconciliation: 'reconcile',
  authorization: 'authorize',
  authorisation: 'authorize',
  authorise: 'authorize',
  authoriser: 'authorize',
  authorizer: 'authorize',
  certification: 'certify',
  recertification: 'recertify',
  application: 'apply',
  receipt: 'receive',
  execution: 'execute',
  initiation: 'initiate',
  initiator: 'initiate',
  adjustment: 'adjust',
  maintenance: 'maintain',
  submission: 'submit',
  termination: 'terminate',
  revocation: 'revoke',
  removal: 'remove',
  modification: 'modify',
  development: 'develop',
  developer: 'develop',
  implementation: 'implement',
  verification: 'verify',
  validation: 'validate',
  investigation: 'investigate',
  escalation: 'escalate',
  acknowledgement: 'acknowledge',
  acknowledgment: 'acknowledge',
  preparation: 'prepare',
  preparer: 'prepare',
  reviewer: 'review',
  requester: 'request',
  requestor: 'request',
  committer: 'commit',
  programmer: 'program',
  provisioner: 'provision',
  evaluation: 'evaluate',
  assessment: 'assess',
  disposal: 'dispose',
  reporting: 'report',
  monitoring: 'monitor',
  oversight: 'oversee',
  segregation: 'segregate',
  separation: 'separate',
  inspection: 'inspect',
  movement: 'move',
  capitalization: 'capitalize',
  capitalisation: 'capitalize',
  capitalise: 'capitalize',
  addition: 'add',
  abstraction: 'abstract',
  recording: 'record',
};

// Irregular forms → base verb.
const IRREGULAR: Record<string, string> = {
  written: 'write', wrote: 'write', ran: 'run', paid: 'pay', sent: 'send', held: 'hold', made: 'make', done: 'do',
  did: 'do', given: 'give', gave: 'give', taken: 'take', took: 'take', kept: 'keep', built: 'build', brought: 'bring',
  chosen: 'choose', drawn: 'draw', known: 'know', shown: 'show', got: 'get', gotten: 'get', met: 'meet', led: 'lead',
  sold: 'sell', told: 'tell', overseen: 'oversee', oversaw: 'oversee', undertaken: 'undertake',
  bought: 'buy', spent: 'spend', began: 'begin', begun: 'begin', found: 'find', understood: 'understand',
};

const DOUBLED = /([bcdfgkmnprtv])\1$/u;

function stripInflection(w: string): string {
  const n = w.length;
  if (n <= 3) return w;
  if (n > 4 && (w.endsWith('ies') || w.endsWith('ied'))) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses')) return w.slice(0, -2);
  if (/(?:xes|ches|shes|zes)$/u.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !/(?:ss|us|is)$/u.test(w)) {
    const one = w.slice(0, -1);
    return one.endsWith('ing') ? stripInflection(one) : one; // listings = listing = list
  }
  for (const suffix of ['ing', 'ed']) {
    if (!w.endsWith(suffix)) continue;
    const stem = w.slice(0, -suffix.length);
    if (stem.length < 3 || !/[aeiouy]/u.test(stem)) return w;
    return stem.length > 3 && DOUBLED.test(stem) ? stem.slice(0, -1) : stem;
  }
  return w;
}

const dropE = (w: string) => (w.length > 3 && w.endsWith('e') && !w.endsWith('ee') ? w.slice(0, -1) : w);

function computeKey(word: string): string {
  const c = word.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return word; // numbers are their own key
  const irregular = IRREGULAR[word];
  if (irregular) return dropE(irregular);
  const direct = NOMINALS[word];
  if (direct) return dropE(stripInflection(direct));
  const stripped = stripInflection(word);
  const nominal = NOMINALS[stripped];
  if (nominal) return dropE(stripInflection(nominal));
  return dropE(stripped);
}

// Distinct words are few (a matrix's vocabulary): each is worked out once per process, up to a bound.
const CACHE = new Map<string, string>();
const CACHE_LIMIT = 200_000;

// The lemma key of one folded (lower-case, accent-free) word.
export function lemmaKey(word: string): string {
  const c = word.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return word; // numbers: not worth a cache entry
  let k = CACHE.get(word);
  if (k === undefined) {
    k = computeKey(word);
    if (CACHE.size < CACHE_LIMIT) CACHE.set(word, k);
  }
  return k;
}

// Action words: a phrase holding one of these names an act, and matches its words in any order within a clause
// ("approve changes" = "changes are approved" = "change approval"). A phrase without one is a compound noun
// ("vendor master", "pull request") and matches only as consecutive words.
const ACTION_VERBS = [
  'approve', 'deploy', 'create', 'assign', 'administer', 'configure', 'reconcile', 'authorize', 'certify', 'recertify',
  'apply', 'enter', 'receive', 'execute', 'initiate', 'adjust', 'maintain', 'submit', 'terminate', 'revoke', 'remove',
  'modify', 'develop', 'implement', 'verify', 'validate', 'investigate', 'escalate', 'acknowledge', 'prepare', 'review',
  'request', 'commit', 'program', 'provision', 'grant', 'post', 'record', 'release', 'run', 'process', 'pay', 'edit',
  'change', 'merge', 'push', 'promote', 'accrue', 'depreciate', 'count', 'ship', 'write', 'sign', 'set', 'close', 'open',
  'update', 'disable', 'evaluate', 'assess', 'dispose', 'report', 'monitor', 'oversee', 'inspect', 'test',
  'reset', 'add', 'move', 'capitalize', 'abstract', 'hold', 'book', 'bill', 'invoice', 'calculate', 'adopt', 'perform', 'track', 'restrict', 'log',
];
const ACTION_KEYS = new Set(ACTION_VERBS.map((v) => lemmaKey(v)));

export const isActionKey = (key: string) => ACTION_KEYS.has(key);
// Not listed on purpose: "entry" (a "journal entry" is a document, not the act of entering one), "payment" (a
// "payment file" is not paying), "release" as a noun is its own verb already.
