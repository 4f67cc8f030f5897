// A command as a person would type it from the repository's root, for the report and the docs:
// paths under the repository made relative, arguments quoted for sh, and a long run of one
// character (the tools' 100-byte value) written as the printf that makes it.
import { relative } from 'node:path';
import { REPO_ROOT } from '../../../../infrastructure/launcher/paths.ts';

const SAFE = /^[\w@%+=:,./-]+$/;

function quote(arg: string): string {
  if (arg === '') return "''";
  if (SAFE.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

function word(arg: string, root: string): string {
  const run = /^(.)\1{31,}$/.exec(arg);
  if (run !== null && /\w/.test(run[1]!)) return `"$(printf '${run[1]}%.0s' {1..${arg.length}})"`;
  const local = arg.startsWith(`${root}/`) ? relative(root, arg) : arg;
  return quote(local);
}

export function shellLine(command: string, args: string[], root = REPO_ROOT): string {
  return [command, ...args].map((a) => word(a, root)).join(' ');
}
