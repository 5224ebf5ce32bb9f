/** The settings of the sign-in for a test server: none with the owner password. */
export const loginEnv = (): Record<string, string> => ({});
