import type { Target, TargetModule } from '../types.js';
import { bun } from './bun.js';
import { node } from './node.js';
import { workers } from './workers.js';

/** The targets that are implemented. A declared target missing here is "not available yet". */
export const targetModules: Partial<Record<Target, TargetModule>> = { node, bun, workers };
