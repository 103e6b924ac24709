// Runs the sod command of the built command as a child process, the way a user does.
import { runCli } from './run-cli.ts';

export function runSod(args: string[]): { code: number; stdout: string; stderr: string } {
  return runCli(['sod', ...args]);
}
