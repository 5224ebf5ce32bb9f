import { authModules } from '../../src/modules/auth/index.js';
import { targetModules } from '../../src/modules/targets/index.js';
import type { AuthMode, Target } from '../../src/modules/types.js';

/** Every auth x target combination that is implemented: the matrix the tests cover. */
export const combinations: { auth: AuthMode; target: Target }[] = Object.keys(targetModules).flatMap((target) =>
  Object.keys(authModules).map((auth) => ({ auth: auth as AuthMode, target: target as Target })),
);
