// Where the user stands. `npm run cli` runs the command from soxbridge's own folder and passes the user's folder
// as INIT_CWD; the `soxbridge` command (npx, a link, dist/cli.js) runs where the user stands. File arguments and
// --out are resolved from the user's folder either way. INIT_CWD is used only when npm moved us into soxbridge's
// folder, so a script of the user's own that changes folder before calling soxbridge keeps its folder.
import { isAbsolute, resolve } from 'node:path';
import { APP_ROOT } from './app-root.ts';

export function userCwd(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const init = env.INIT_CWD;
  if (init && isAbsolute(init) && resolve(cwd) === resolve(APP_ROOT)) return init;
  return cwd;
}

export function userPath(p: string): string {
  return resolve(userCwd(), p);
}
