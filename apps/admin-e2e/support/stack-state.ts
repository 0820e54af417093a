import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isOurs, stopProcessGroup } from './processes';
import { STACK_STATE_FILE } from './stack-config';

export interface StackState {
  processes: { name: string; pid: number; marker: string }[];
  recordingsDir?: string;
}

export function saveStackState(state: StackState): void {
  mkdirSync(dirname(STACK_STATE_FILE), { recursive: true });
  writeFileSync(STACK_STATE_FILE, JSON.stringify(state, null, 2));
}

/**
 * Stops every process the state file lists and removes its temporary recordings. Runs at
 * teardown, and at setup too in case an interrupted run left servers behind.
 */
export async function stopRecordedStack(log: (line: string) => void): Promise<void> {
  if (!existsSync(STACK_STATE_FILE)) {
    return;
  }
  const state = JSON.parse(readFileSync(STACK_STATE_FILE, 'utf8')) as StackState;
  for (const { name, pid, marker } of [...state.processes].reverse()) {
    if (isOurs(pid, marker)) {
      log(`[e2e] stopping ${name} (process group ${pid})`);
      await stopProcessGroup(pid);
    }
  }
  if (state.recordingsDir) {
    rmSync(state.recordingsDir, { recursive: true, force: true });
  }
  rmSync(STACK_STATE_FILE, { force: true });
}
