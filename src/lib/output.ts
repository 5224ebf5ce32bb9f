import { styleText } from 'node:util';

// With --json, stdout carries only the JSON document; everything for humans goes to stderr.
let machine = false;
export function setMachineOutput(on: boolean) {
  machine = on;
}

const stream = () => (machine ? process.stderr : process.stdout);
const color = (format: Parameters<typeof styleText>[0], text: string) =>
  stream().isTTY ? styleText(format, text) : text;

export const out = {
  info: (text: string) => stream().write(`${text}\n`),
  step: (text: string) => stream().write(`${color('cyan', '◇')} ${text}\n`),
  success: (text: string) => stream().write(`${color('green', '✔')} ${text}\n`),
  warn: (text: string) => process.stderr.write(`${color('yellow', '!')} ${text}\n`),
  dim: (text: string) => color('dim', text),
  bold: (text: string) => color('bold', text),
  json: (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
};
