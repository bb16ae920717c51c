// The registry of `caplab` commands (STYLE rule 9: one registered object per
// command). main.ts dispatches on it and `caplab --help` is generated from it.
// CLI layer.
import type { Command } from './command.ts';
import { runCmd } from './run.ts';
import { ccCmd } from './cc.ts';
import { withRootTask } from './rootTask.ts';
import { withSystem } from './systemCli.ts';
import { withCompat } from './compatCli.ts';
import { soakCmd } from './soak.ts';
import { gradeCmd } from './grade.ts';

export const COMMANDS: readonly Command[] = [withCompat(withSystem(withRootTask(runCmd))), ccCmd, gradeCmd, soakCmd];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}
