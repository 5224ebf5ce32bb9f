import type { PackageManager } from '../modules/types.js';

/** The package manager that launched us (`npm create`, `pnpm create`, `bunx`...), if any. */
export function detectPackageManager(
  userAgent = process.env.npm_config_user_agent,
): PackageManager | undefined {
  const name = userAgent?.split('/')[0];
  return name === 'npm' || name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : undefined;
}

export interface PmCommands {
  readonly install: string[];
  /** Prefix to run a package.json script, e.g. `npm run`. */
  readonly run: string;
  /** Runs a package binary without installing it, e.g. `npx`. */
  readonly dlx: string;
  /** Reproducible install from the lockfile, and dropping dev dependencies (for Dockerfiles). */
  readonly ci: string;
  readonly prune: string;
  /** The lockfile an install writes in the project folder (bun 1.2+ writes the text `bun.lock`). */
  readonly lockfile: string;
}

export function pmCommands(pm: PackageManager): PmCommands {
  switch (pm) {
    case 'npm':
      return { install: ['npm', 'install'], run: 'npm run', dlx: 'npx', ci: 'npm ci', prune: 'npm prune --omit=dev', lockfile: 'package-lock.json' };
    case 'pnpm':
      return {
        install: ['pnpm', 'install'],
        run: 'pnpm',
        dlx: 'pnpm dlx',
        ci: 'corepack enable && pnpm install --frozen-lockfile',
        prune: 'pnpm prune --prod',
        lockfile: 'pnpm-lock.yaml',
      };
    case 'yarn':
      // `yarn dlx` does not exist in yarn 1, which many machines still have; npx always does.
      return {
        install: ['yarn', 'install'],
        run: 'yarn',
        dlx: 'npx',
        ci: 'corepack enable && yarn install --immutable',
        prune: 'yarn workspaces focus --production',
        lockfile: 'yarn.lock',
      };
    case 'bun':
      return {
        install: ['bun', 'install'],
        run: 'bun run',
        dlx: 'bunx',
        ci: 'npx --yes bun install --frozen-lockfile',
        prune: 'rm -rf node_modules && npx --yes bun install --production',
        lockfile: 'bun.lock',
      };
  }
}
