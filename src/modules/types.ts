// The contract between the generator and the feature modules. One module per auth mode and
// one per target; `create` and `add` both compose them, so a new mode or target is a new
// module plus a template folder, nothing else.

export const AUTH_MODES = ['none', 'bearer', 'api-key', 'oauth', 'oauth-provider'] as const;
export const TARGETS = ['node', 'bun', 'workers'] as const;
export const PACKAGE_MANAGERS = ['npm', 'pnpm', 'yarn', 'bun'] as const;

export type AuthMode = (typeof AUTH_MODES)[number];
export type Target = (typeof TARGETS)[number];
export type PackageManager = (typeof PACKAGE_MANAGERS)[number];

/**
 * One environment variable the project reads. Secrets get a generated value; settings a local
 * value or none; `upstream` is a credential or setting of an API the tools call, a value the user
 * brings (never generated, shipped to platforms like a secret).
 */
export interface EnvVar {
  readonly name: string;
  readonly kind: 'secret' | 'setting' | 'upstream';
  /** One line for .env.example and the README. */
  readonly description: string;
  /** Value written to the local env file for a setting (secrets are generated). */
  readonly localValue?: string;
  /** How a secret is encoded; every secret is 256 bits from node:crypto unless said otherwise. */
  readonly encoding?: 'base64url' | 'hex';
  /** Optional variables are not checked at start-up. */
  readonly optional?: boolean;
  /**
   * A secret's shortest acceptable value, in characters: what the server itself refuses below, or
   * else MIN_SECRET_LENGTH (src/secrets/project.ts). `secret set` and `doctor` hold values to it.
   */
  readonly minLength?: number;
}

/** How an MCP client presents the credential, for README snippets and tests. */
export interface ClientCredential {
  readonly header: string;
  /** Header value with `${VAR}` where the secret goes, e.g. `Bearer ${MCIFY_AUTH_TOKEN}`. */
  readonly value: string;
  readonly env: string;
}

export interface ImportSpec {
  readonly from: string;
  readonly names: readonly string[];
}

/** Everything a module contributes to a project; all fields optional so modules stay small. */
export interface Contribution {
  readonly dependencies?: readonly string[];
  readonly devDependencies?: readonly string[];
  readonly scripts?: Readonly<Record<string, string>>;
  readonly env?: readonly EnvVar[];
  /** Template folders under templates/, applied in order after the base. */
  readonly templates?: readonly string[];
  /** Minimum Node.js version the project needs (e.g. '22.13' for node:sqlite); the highest wins. */
  readonly node?: string;
  /** Minimum Bun version, for projects that run on Bun (engines.bun instead of engines.node). */
  readonly bun?: string;
  /** Extra values for the templates: under `mode` for an auth module, `target` for a target. */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Lines printed after the next steps of `create` (e.g. placeholders left to fill in). */
  readonly notes?: readonly string[];
  /** Tools the mode adds to mcify.config.ts's `tools` (`add` inserts them; create's template lists them). */
  readonly tools?: readonly { readonly name: string; readonly from: string }[];
}

/**
 * An option only one auth mode has (the identity provider of `oauth`, the store of
 * `oauth-provider`), declared on its module once: the flag, the prompt, `--help` and the
 * validation all come from it.
 */
export interface ModeOption {
  /** Key in the settings object, e.g. 'idp'. */
  readonly key: string;
  readonly flag: string;
  readonly valueName: string;
  readonly description: string;
  readonly message: string;
  /** A select when present, free text otherwise. */
  readonly choices?: readonly { readonly value: string; readonly label: string; readonly hint?: string }[];
  /** The value with --yes (and the prompt's initial value), given the settings chosen so far. */
  readonly default: (chosen: Readonly<Record<string, string>>, target: Target) => string;
  /** Returns why a value is wrong, or undefined. */
  readonly validate?: (value: string) => string | undefined;
  /** Targets the option applies to; all when absent. */
  readonly targets?: readonly Target[];
  /** The option applies only when another option of the mode has one of these values (e.g. --oidc-issuer with --login oidc). */
  readonly when?: { readonly key: string; readonly values: readonly string[] };
  /** Asked on a TTY, and an error without one unless --yes (like --auth). */
  readonly required: boolean;
}

export type ModeSettings = Readonly<Record<string, string>>;

export interface AuthModule {
  readonly id: AuthMode;
  readonly label: string;
  readonly hint: string;
  /** The `auth:` entry of mcify.config.ts: used to render it (create) and to edit it (add). */
  readonly config: { readonly imports: readonly ImportSpec[]; readonly expression: string };
  /** What `ctx.auth.type` is in tools under this mode. */
  readonly ctxAuthType: 'none' | 'bearer' | 'api_key' | 'oauth_provider';
  readonly credential?: ClientCredential;
  /** The WWW-Authenticate scheme of the mode's 401s; absent for a mode that never answers 401. */
  readonly challengeScheme?: 'Bearer' | 'ApiKey';
  /** What the mode's own src/app.ts serves in front of /mcp, when it has one (for `add`'s explanation). */
  readonly routes?: string;
  readonly options?: readonly ModeOption[];
  contribute(target: Target, settings: ModeSettings): Contribution;
}

export interface TargetModule {
  readonly id: Target;
  readonly label: string;
  readonly hint: string;
  /** Where local secrets live, and the committed list of their names. */
  readonly envFile: string;
  readonly envExampleFile: string;
  /** The module the generated tests import describe/it/expect from. */
  readonly testModule: 'vitest' | 'bun:test';
  contribute(): Contribution;
}
