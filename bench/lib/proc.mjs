import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { LOGS, ROOT } from './paths.mjs';

/** Every process the bench started and has not stopped yet; stopAll() ends them all. */
const running = new Set();

/**
 * Starts a command in its own process group (so its children go with it), logging to
 * bench/tmp/logs/<name>.log and keeping the tail of its output for error messages.
 */
export function start(name, command, args, { env = {}, cwd = ROOT, inheritEnv = true } = {}) {
  mkdirSync(LOGS, { recursive: true });
  const logPath = join(LOGS, `${name}.log`);
  const log = createWriteStream(logPath);
  const child = spawn(command, args, {
    cwd,
    env: { ...(inheritEnv ? process.env : { PATH: process.env.PATH }), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let tail = '';
  // The start of the output too: a ready line can be followed by more than the tail holds (the
  // API prints "is running at" before Nest's buffered start-up logs, over 20 KB of them).
  let head = '';
  const onData = (chunk) => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-20_000);
    if (head.length < 256_000) head += chunk.toString();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const proc = {
    name,
    child,
    logPath,
    exited,
    output: () => tail,
    printed: (text) => tail.includes(text) || head.includes(text),
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () => stop(proc),
  };
  exited.then(() => {
    running.delete(proc);
    log.end();
  });
  child.once('error', (error) => {
    tail += `\n${error.message}`;
  });
  running.add(proc);
  return proc;
}

/** SIGTERM to the whole group, SIGKILL after 5 s. */
export async function stop(proc, graceMs = 5000) {
  if (!proc || !running.has(proc)) return;
  if (proc.beforeStop) await proc.beforeStop().catch(() => undefined);
  const group = -proc.child.pid;
  try {
    process.kill(group, 'SIGTERM');
  } catch {
    // already gone
  }
  const timer = setTimeout(() => {
    try {
      process.kill(group, 'SIGKILL');
    } catch {
      // already gone
    }
  }, graceMs);
  await proc.exited;
  clearTimeout(timer);
  // Children that outlived the leader (none expected) go too.
  try {
    process.kill(group, 'SIGKILL');
  } catch {
    // gone
  }
}

export async function stopAll() {
  await Promise.all([...running].map((proc) => stop(proc)));
}

/** Synchronous last resort for process exit: kill every remaining group. */
export function killAllNow() {
  for (const proc of running) {
    try {
      process.kill(-proc.child.pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}

export async function waitForOutput(proc, text, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.printed(text)) return;
    if (!proc.alive()) throw new Error(`${proc.name} exited before it was ready:\n${proc.output().slice(-3000)}`);
    await sleep(100);
  }
  throw new Error(`${proc.name} did not print "${text}" within ${timeoutMs} ms:\n${proc.output().slice(-3000)}`);
}

export async function waitForHttp(proc, url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!proc.alive()) throw new Error(`${proc.name} exited before it answered:\n${proc.output().slice(-3000)}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${proc.name} did not answer ${url} within ${timeoutMs} ms:\n${proc.output().slice(-3000)}`);
}

/** Runs a command to completion; rejects with its output when it fails. */
export function run(command, args, { env = {}, cwd = ROOT, input } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (out += c));
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${out.slice(-4000)}`)),
    );
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds (user+system) a process and its threads used so far, from /proc. */
export async function cpuSeconds(pid) {
  const { readFile } = await import('node:fs/promises');
  try {
    const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Whole-machine CPU ticks from /proc/stat: busy (everything but idle and iowait) and total. */
export async function machineTicks() {
  const { readFile } = await import('node:fs/promises');
  const fields = (await readFile('/proc/stat', 'utf8')).split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: total - fields[3] - fields[4], total };
}

/**
 * Runs fn while measuring the CPU seconds `pid` used and how busy the whole machine was,
 * so a figure can be read beside what else was running.
 */
export async function withCpu(pid, fn) {
  const [c0, m0] = [await cpuSeconds(pid), await machineTicks()];
  const result = await fn();
  const [c1, m1] = [await cpuSeconds(pid), await machineTicks()];
  return { result, cpuSeconds: c1 - c0, machineBusy: (m1.busy - m0.busy) / Math.max(1, m1.total - m0.total) };
}
