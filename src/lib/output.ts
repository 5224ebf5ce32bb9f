// Everything the CLI prints for people goes through here. It writes to the file descriptors
// directly: process.stdout on a pipe (CI, scripts, an editor's terminal panel) builds a net.Socket,
// which loads node:net and Node's stream machinery, a few milliseconds for a dozen lines.
import { fstatSync, statSync, writeSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import { styleText } from 'node:util';

type Fd = 1 | 2;

// With --json, stdout carries only the JSON document; everything for humans goes to stderr.
let machine = false;
export function setMachineOutput(on: boolean) {
  machine = on;
}

const require = createRequire(import.meta.url);
const terminals = new Map<number, boolean>();

/** /dev/null is a character device too, and a common place for output (benchmarks, scripts). */
function isDevNull(stats: Stats): boolean {
  try {
    return stats.rdev === statSync('/dev/null').rdev;
  } catch {
    return false; // no /dev/null (Windows)
  }
}

/**
 * isatty() without loading node:tty (which loads node:net) unless the descriptor can be a
 * terminal at all: pipes, files and /dev/null are answered by fstat.
 */
export function isTerminal(fd: 0 | Fd): boolean {
  let answer = terminals.get(fd);
  if (answer === undefined) {
    try {
      const stats = fstatSync(fd);
      answer = stats.isCharacterDevice() && !isDevNull(stats) && (require('node:tty') as typeof import('node:tty')).isatty(fd);
    } catch {
      answer = false; // a closed descriptor
    }
    terminals.set(fd, answer);
  }
  return answer;
}

/** Whether a person is at the terminal (stdin and stdout both TTYs), so prompts can be shown. */
export function interactiveTerminal(): boolean {
  return isTerminal(1) && isTerminal(0);
}

// A full non-blocking pipe refuses a write (EAGAIN): wait a millisecond and write the rest, as a
// blocking write would. Handing the rest to Node's stream instead would queue it behind the other
// descriptor's direct writes, and with 2>&1 stdout and stderr would interleave out of order.
const pause = new Int32Array(new SharedArrayBuffer(4));

function write(fd: Fd, text: string): void {
  let buffer = Buffer.from(text);
  while (buffer.length > 0) {
    try {
      buffer = buffer.subarray(writeSync(fd, buffer));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return; // the reader went away (| head): nothing more to say
      if (code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

const human = (): Fd => (machine ? 2 : 1);
// Colour only for a person at a terminal, and never with NO_COLOR (https://no-color.org) or TERM=dumb.
// validateStream: false, as styleText's own check would build process.stdout.
const color = (fd: Fd, format: Parameters<typeof styleText>[0], text: string) =>
  isTerminal(fd) && !process.env.NO_COLOR && process.env.TERM !== 'dumb' ? styleText(format, text, { validateStream: false }) : text;

export const out = {
  info: (text: string) => write(human(), `${text}\n`),
  step: (text: string) => write(human(), `${color(human(), 'cyan', '◇')} ${text}\n`),
  success: (text: string) => write(human(), `${color(human(), 'green', '✔')} ${text}\n`),
  warn: (text: string) => write(2, `${color(2, 'yellow', '!')} ${text}\n`),
  /** Errors of the CLI itself: stderr, never colored (they are also read by scripts). */
  error: (text: string) => write(2, `${text}\n`),
  dim: (text: string) => color(human(), 'dim', text),
  bold: (text: string) => color(human(), 'bold', text),
  json: (value: unknown) => write(1, `${JSON.stringify(value, null, 2)}\n`),
  /** A value alone on stdout, for piping (secret generate --print). */
  raw: (text: string) => write(1, text),
};
