// `mcify doctor --remote` against generated projects served for real on Node: each profile
// passes, except what test/e2e/clients/doctor-remote.ts lists with its reason.
import { describe, it } from 'vitest';
import type { AuthMode } from '../../src/modules/types.js';
import { expectDoctorRemotePasses } from './clients/doctor-remote.js';
import { generate, sh, startScript } from './harness.js';

describe.each<AuthMode>(['bearer', 'none', 'oauth-provider'])('doctor --remote, node target, %s auth', (auth) => {
  it('every client profile that a server on 127.0.0.1 can serve passes', async () => {
    const project = generate(auth, 'node');
    sh('npm', ['run', 'build'], project.dir);
    const server = await startScript(project, ['run', 'start']);
    try {
      await expectDoctorRemotePasses(project, server.url);
    } finally {
      await server.stop();
    }
  });
});
