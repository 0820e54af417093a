import type { ChildProcess } from 'node:child_process';

export default async function globalTeardown(): Promise<void> {
  const emulator = (globalThis as { __callrecEmulator?: ChildProcess }).__callrecEmulator;
  if (!emulator || emulator.exitCode !== null) return;
  const closed = new Promise((resolve) => emulator.once('close', resolve));
  emulator.kill('SIGTERM');
  const timer = setTimeout(() => emulator.kill('SIGKILL'), 3000);
  await closed;
  clearTimeout(timer);
}
