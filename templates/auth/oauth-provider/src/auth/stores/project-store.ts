import type { OAuthStore } from '@mcify/core';

/** An OAuthStore this project can open and close: tables are created by `ready()` or on first use. */
export interface ProjectStore extends OAuthStore {
  /** Connects and creates the tables (once); the server calls it at start to fail fast. */
  ready(): Promise<void>;
  close(): Promise<void>;
}
