// Owner cells hold people, roles, e-mails or mixtures ('Dana Lee (Platform)', 'IT Manager', 'dana.lee@acme.com;
// Sam Park'). SoD analysis needs people and roles apart, so each owner keeps its raw text plus what could be read.
import type { Owner } from '../domain/control.ts';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/;

// Words that make a phrase a role or team rather than a person's name.
const ROLE_WORDS = new Set(
  (
    'manager management director head lead leader officer team engineer engineering admin administrator analyst owner ' +
    'ciso cfo ceo cto cio coo cro cco cpo vp svp evp president controller comptroller accountant accounting department ' +
    'dept it hr finance financial security compliance ops operations legal platform devops sre committee board payroll ' +
    'treasury group specialist architect counsel auditor audit internal infosec grc risk privacy desk service support ' +
    'helpdesk governance people talent recruiting procurement purchasing sales revenue billing tax facilities office ' +
    'infrastructure network database dba developer developers development product qa data supervisor coordinator ' +
    'executive chief staff personnel administration secretary partner vendor system systems technology tech ap ar gl'
  ).split(' '),
);

const NAME_WORD = /^[A-Z][a-zA-Z'\u00C0-\u017F-]*\.?$/;

function isRole(text: string): boolean {
  const words = text.split(/[\s/&,-]+/).filter((w) => w !== '');
  if (words.length === 0) return false;
  if (words.some((w) => ROLE_WORDS.has(w.toLowerCase()))) return true;
  // 'SRE', 'GRC': an all-caps acronym is a team, not a person.
  return words.every((w) => /^[A-Z0-9]{2,6}$/.test(w));
}

function isName(text: string): boolean {
  const words = text.split(/\s+/).filter((w) => w !== '');
  return words.length >= 1 && words.length <= 4 && words.every((w) => NAME_WORD.test(w)) && !isRole(text);
}

function nameFromEmail(email: string): string | null {
  const local = email.split('@')[0] ?? '';
  const parts = local.split(/[._-]+/).filter((p) => /^[a-zA-Z]{2,}$/.test(p));
  if (parts.length < 2 || parts.length > 3) return null;
  return parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1).toLowerCase()).join(' ');
}

function parseOne(raw: string): Owner {
  let rest = raw.trim();
  let email: string | null = null;
  const e = EMAIL.exec(rest);
  if (e) {
    email = e[0].toLowerCase();
    rest = (rest.slice(0, e.index) + rest.slice(e.index + e[0].length)).replace(/[<>()[\]]/g, ' ').trim();
  }
  let name: string | null = null;
  let role: string | null = null;
  const lastFirst = /^([A-Z][a-zA-Z'-]+),\s*([A-Z][a-zA-Z'-]+)$/.exec(rest);
  if (lastFirst && !isRole(rest)) rest = `${lastFirst[2]} ${lastFirst[1]}`;
  const paren = /^(.*?)\s*[([]([^)\]]+)[)\]]\s*$/.exec(rest);
  const dash = /^(.*?)\s+[-\u2013\u2014|]\s+(.*)$/.exec(rest);
  const pair = paren ?? dash;
  if (pair) {
    const a = (pair[1] ?? '').trim();
    const b = (pair[2] ?? '').trim();
    // 'Dana Lee (Platform)' and 'Controller (Sam Park)' both occur.
    if (isName(b) && !isName(a)) {
      name = b;
      role = a || null;
    } else {
      name = a || null;
      role = b || null;
    }
  } else if (rest !== '') {
    if (isName(rest)) name = rest;
    else role = rest;
  }
  if (name === null && email !== null) name = nameFromEmail(email);
  return { raw: raw.trim(), name, role, email };
}

// Split on ';', newlines and ' / '; on ',' only when every part is more than one word or an e-mail, so that
// 'Lee, Dana' stays one person while 'Dana Lee, Sam Park' becomes two.
export function parseOwners(text: string): Owner[] {
  const parts = text
    .split(/;|\r?\n|\s\/\s|\s\|\s/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const out: Owner[] = [];
  for (const part of parts) {
    const commaParts = part
      .split(',')
      .map((p) => p.trim())
      .filter((p) => p !== '');
    const splitComma =
      commaParts.length > 1 && commaParts.every((p) => EMAIL.test(p) || p.split(/\s+/).length > 1 || isRole(p));
    for (const p of splitComma ? commaParts : [part]) out.push(parseOne(p));
  }
  return out;
}
