import { UserError } from '../../lib/errors.js';
import type { Target } from '../../modules/types.js';
import { cloudflare } from './cloudflare.js';
import { docker } from './docker.js';
import { fly } from './fly.js';
import { githubActions } from './github-actions.js';
import { kubernetes } from './kubernetes.js';
import { railway } from './railway.js';
import { render } from './render.js';
import type { Platform } from './types.js';

export const platforms: readonly Platform[] = [cloudflare, fly, railway, render, docker, kubernetes, githubActions];

/** Whether a project of this target can be deployed on the platform. */
export function deploysTarget(platform: Platform, target: Target): boolean {
  return !platform.targets || platform.targets.includes(target);
}

export function platformById(id: unknown): Platform {
  const platform = platforms.find((p) => p.id === id);
  if (!platform) {
    throw new UserError(`Unknown --platform "${String(id)}". Valid values: ${platforms.map((p) => p.id).join(', ')}.`);
  }
  return platform;
}

export type { Platform, PlatformContext, PushStep, Secret } from './types.js';
