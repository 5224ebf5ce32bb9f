import { constantTimeEqual } from '@mcify/runtime';
import { runtimeEnv } from '../env.js';

/**
 * The check behind `auth:` in mcify.config.ts: a presented credential is valid when it equals the
 * secret in `name`, or the one in `<name>_PREVIOUS` while that is set. `mcify secret generate --rotate`
 * moves the old value there, so clients keep working until they have the new one; delete the
 * `_PREVIOUS` variable to finish the rotation.
 *
 * The environment is read on every call (see runtimeEnv), so a changed value needs no rebuild.
 */
export function acceptsSecret(name: string): (presented: string) => boolean {
  return (presented) => {
    const env = runtimeEnv();
    const accepted = [env[name], env[`${name}_PREVIOUS`]].filter((value): value is string => Boolean(value));
    // Compare with every accepted value, so the time taken does not tell which one matched.
    return accepted.map((value) => constantTimeEqual(presented, value)).includes(true);
  };
}
