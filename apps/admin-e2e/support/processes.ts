import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface StartedProcess {
  readonly name: string;
  readonly pid: number;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** The last lines the process wrote, for error messages. */
  recentOutput(): string;
  exitCode(): number | null | undefined;
}

const KEPT_LINES = 80;

/**
 * Starts a process in its own process group (detached), so stopping it also stops anything
 * it forked. Output goes to a log file and a short in-memory tail.
 */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logDir: string },
): StartedProcess {
  const logFile = join(options.logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) {
    throw new Error(`Could not start ${name}: ${command} ${args.join(' ')}`);
  }
  const tail: string[] = [];
  let exit: number | null | undefined;
  const collect = (chunk: Buffer) => {
    log.write(chunk);
    tail.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    tail.splice(0, Math.max(0, tail.length - KEPT_LINES));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  child.on('exit', (code, signal) => {
    exit = code ?? (signal ? -1 : null);
    log.end();
  });
  // The runner must not wait for these pipes to close before exiting.
  child.unref();
  return {
    name,
    pid: child.pid,
    child,
    logFile,
    recentOutput: () => tail.join('\n'),
    exitCode: () => exit,
  };
}

/**
 * Runs a command to its end (in its own process group, like the servers, so an interrupted
 * run leaves nothing behind), failing with its output when it exits non-zero or overruns.
 */
export async function runToCompletion(
  name: string,
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; logDir: string; timeoutMs: number },
): Promise<void> {
  const started = startProcess(name, command, args, options);
  const deadline = Date.now() + options.timeoutMs;
  while (started.exitCode() === undefined) {
    if (Date.now() > deadline) {
      await stopProcessGroup(started.pid);
      throw new Error(`${name} did not finish within ${options.timeoutMs / 1000} s. Its output:\n${started.recentOutput()}`);
    }
    await sleep(200);
  }
  if (started.exitCode() !== 0) {
    throw new Error(`${name} exited with code ${started.exitCode()}. Its output:\n${started.recentOutput()}`);
  }
}

/** Polls `url` until it answers with an accepted status; fails early if the process dies. */
export async function waitForHttp(
  url: string,
  process: StartedProcess,
  { timeoutMs = 60_000, accept = (status: number): boolean => status === 200 } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (process.exitCode() !== undefined) {
      throw new Error(
        `${process.name} exited with code ${process.exitCode()} before ${url} answered. Its output:\n${process.recentOutput()}`,
      );
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (accept(response.status)) {
        return;
      }
      last = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(
    `${process.name} did not answer ${url} within ${timeoutMs / 1000} s (last: ${last}). Its output:\n${process.recentOutput()}`,
  );
}

/** True when something already listens on the port (a leftover server, another developer's run). */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** SIGTERM to the whole group, then SIGKILL for whatever is still there after the grace period. */
export async function stopProcessGroup(pid: number, graceMs = 8000): Promise<void> {
  if (!groupAlive(pid)) {
    return;
  }
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!groupAlive(pid)) {
      return;
    }
    await sleep(100);
  }
  signalGroup(pid, 'SIGKILL');
  while (groupAlive(pid)) {
    await sleep(50);
  }
}

/** Guards against a recycled pid: only a process running one of our built apps is ours. */
export function isOurs(pid: number, marker: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
