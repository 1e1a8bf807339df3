/**
 * A prerun hook: before one of this plugin's commands starts, its interrupt listener is put first in line, so a Ctrl-C
 * (or SIGTERM) in the moments before the command's work (sf-plugins-core reading the config, the command parsing its
 * flags) ends with the plugin's one line and 130/143, never with sf-plugins-core's stack trace and exit 1
 * (src/cli/interrupt.ts `answerSignals`). Hooks of every installed plugin run for every command: commands of other
 * plugins are left alone, and this module imports nothing at load (src/cli/interrupt.ts loads @salesforce/core, which
 * crashes on a Node.js too old for it: `sf version` and the other plugins' commands must not pay for this one).
 */
import type { Hook } from '@oclif/core';

/** This plugin's name in package.json, as oclif gives it to each of its commands (`Command.plugin.name`). */
const PLUGIN_NAME = 'plugin-sharing';

const hook: Hook<'prerun'> = async function (options) {
  if (options.Command.plugin?.name !== PLUGIN_NAME) return;
  const { answerSignals } = await import('../cli/interrupt.js');
  answerSignals();
};

export default hook;
