// Runs `node <args...>` (wrangler) and kills its whole process tree (wrangler,
// workerd x2, esbuild) once stdin closes: when the test calls stop(), and also
// when the test process dies for any reason (Ctrl-C, crash, SIGKILL), because
// the pipe then closes too. The guard is started detached (its own process
// group), so even `kill -9` of the test runner's group does not take it along.
// Killing wrangler alone is not enough: workerd can outlive it and keep the port.
import { spawn, spawnSync } from 'node:child_process';

const isWindows = process.platform === 'win32';
const child = spawn(process.execPath, process.argv.slice(2), { stdio: ['ignore', 'inherit', 'inherit'] });

function killTree(signal) {
  try {
    if (isWindows) spawnSync('taskkill', ['/pid', String(child.pid), '/T', '/F'], { stdio: 'ignore' });
    else process.kill(-process.pid, signal); // our own group: wrangler and all it started (and us)
  } catch {
    // already gone
  }
}

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  child.kill('SIGTERM'); // let wrangler shut workerd down cleanly first
  setTimeout(() => {
    killTree('SIGKILL');
    process.exit(0);
  }, 3_000).unref();
}

child.on('exit', (code) => {
  const status = stopping ? 0 : (code ?? 1);
  if (isWindows) process.exit(status);
  process.exitCode = status;
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.removeAllListeners(s);
  killTree('SIGKILL'); // sweeps a workerd that outlived wrangler, and ends this guard
});
process.stdin.on('end', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, stop);
