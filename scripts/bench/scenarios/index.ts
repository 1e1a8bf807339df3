/**
 * Every scenario, in the order they run and are printed.
 */
import type { Options } from '../options.js';
import type { Scenario } from '../scenario.js';
import type { Setup } from '../setup.js';
import { explainScenarios } from './explain.js';
import { exposureScenarios } from './exposure.js';
import { pluginScenarios } from './plugin.js';
import { sfScenarios } from './sf.js';
import { startupScenarios } from './startup.js';

export { timeSourceAuditInProcess, type InProcessTiming } from './inProcess.js';

/** The plugin on the large org, the sf baselines when `hasSf`, then the start-up comparison. */
export function scenarios(setup: Setup, options: Options, hasSf: boolean): Scenario[] {
  return [
    ...pluginScenarios(setup, options),
    ...explainScenarios(setup),
    ...exposureScenarios(setup),
    ...(hasSf ? sfScenarios(setup, options) : []),
    ...startupScenarios(setup, hasSf),
  ];
}
