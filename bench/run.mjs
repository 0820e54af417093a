#!/usr/bin/env node
// npm run bench [-- --only=<name>[,<name>]] [-- --quick] [-- --build] [-- --profile]
// Prepares its own data, runs each scenario beside its anchor, prints one JSON object per
// scenario on stdout (progress goes to stderr), writes bench/results/latest.json and the
// table in bench/README.md. Everything it starts is stopped at the end, even on failure.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { serverVersion, flushRedis } from './lib/db.mjs';
import { API_MAIN, BENCH_DIR, EMULATOR_MAIN, ROOT, TMP } from './lib/paths.mjs';
import { killAllNow, run, stopAll } from './lib/proc.mjs';
import webhookIngest from './scenarios/webhook-ingest.mjs';
import rangeStreaming from './scenarios/range-streaming.mjs';
import callRecordsSearch from './scenarios/call-records-search.mjs';
import recordingIngest from './scenarios/recording-ingest.mjs';
import recordingIngestS3 from './scenarios/recording-ingest-s3.mjs';
import retention from './scenarios/retention.mjs';
import auditFlood from './scenarios/audit-flood.mjs';
import encryptedRanges from './scenarios/encrypted-ranges.mjs';
import exportBundle from './scenarios/export-bundle.mjs';
import coverage from './scenarios/coverage.mjs';
import clickToSound from './scenarios/click-to-sound.mjs';

const SCENARIOS = [
  webhookIngest,
  rangeStreaming,
  callRecordsSearch,
  recordingIngest,
  recordingIngestS3,
  retention,
  auditFlood,
  encryptedRanges,
  exportBundle,
  coverage,
  clickToSound,
];
const NEEDS = {
  'range-streaming': ['nginx', 'wrk'],
  'click-to-sound': ['nginx'],
  'recording-ingest': ['curl', 'sha256sum', 'xargs'],
  'recording-ingest-s3': ['curl', 'sha256sum', 'xargs', 'radosgw'],
  'encrypted-ranges': ['wrk'],
  'export-bundle': ['zip', 'unzip', 'sha256sum', 'openssl'],
};
const RESULTS = join(BENCH_DIR, 'results/latest.json');
const README = join(BENCH_DIR, 'README.md');

const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
if (flag('profile')) process.env.BENCH_PROFILE = '1';
const log = (line) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    log(`${signal}: stopping everything the bench started`);
    stopAll().finally(() => process.exit(130));
  });
}
process.on('exit', killAllNow);

async function main() {
  const selected = only ? SCENARIOS.filter((s) => only.includes(s.name)) : SCENARIOS;
  if (only && selected.length !== only.length) {
    throw new Error(`Unknown scenario in --only; choose from ${SCENARIOS.map((s) => s.name).join(', ')}`);
  }
  mkdirSync(TMP, { recursive: true });
  await ensureTools(selected);
  await ensureBuilt();
  await flushRedis().catch((error) => {
    throw new Error(`The bench needs Redis (db 11) at 127.0.0.1:6379: ${error.message}`);
  });
  const machine = await describeMachine();
  log(`machine: ${JSON.stringify(machine)}`);

  const results = [];
  for (const scenario of selected) {
    const started = performance.now();
    const loadAverageAtStart = loadavg()[0];
    log(
      `── ${scenario.name} (load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')})`,
    );
    let result;
    try {
      result = await scenario.run({ log: (line) => log(`  ${line}`), quick: flag('quick'), args });
    } catch (error) {
      log(`  ${scenario.name} failed: ${error.stack ?? error}`);
      result = {
        name: scenario.name,
        metric: null,
        unit: null,
        project: null,
        anchor: null,
        ratio: null,
        goal: null,
        met: false,
        notes: `failed: ${error.message.split('\n')[0]}`,
      };
    } finally {
      await stopAll();
    }
    result.details = {
      ...result.details,
      seconds: Math.round((performance.now() - started) / 1000),
      loadAverageAtStart: Number(loadAverageAtStart.toFixed(2)),
      loadAverageAtEnd: Number(loadavg()[0].toFixed(2)),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    results.push(result);
  }
  if (flag('quick') || flag('profile'))
    log('--quick/--profile: not comparable figures, so results/latest.json and README.md are left as they were');
  else writeResults(machine, results);
}

async function ensureTools(selected) {
  const needed = new Set(selected.flatMap((s) => NEEDS[s.name] ?? []));
  const missing = [...needed].filter((tool) => !which(tool));
  // radosgw stands for the one-node Ceph of tools/ceph (monitor, OSD and gateway packages).
  const PACKAGES = {
    nginx: ['nginx'],
    wrk: ['wrk'],
    zip: ['zip'],
    unzip: ['unzip'],
    radosgw: ['ceph-mon', 'ceph-osd', 'radosgw', 'ceph-common', 'uuid-runtime'],
  };
  const debian = missing.flatMap((tool) => PACKAGES[tool] ?? []);
  if (debian.length > 0) {
    log(`installing Debian's ${debian.join(', ')} (apt-get)`);
    await run('apt-get', ['update', '-qq']);
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...debian], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  }
  const still = [...needed].filter((tool) => !which(tool));
  if (still.length > 0) throw new Error(`Missing tools: ${still.join(', ')}`);
}

function which(tool) {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function ensureBuilt() {
  if (!flag('build') && existsSync(API_MAIN) && existsSync(EMULATOR_MAIN)) return;
  log('building api and twilio-emulator (npx nx run-many -t build -p api twilio-emulator)');
  await run('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'twilio-emulator'], { env: { NX_DAEMON: 'false' } });
}

async function describeMachine() {
  const git = (...a) => {
    try {
      return execFileSync('git', a, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  return {
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    postgres: await serverVersion(),
    commit: git('rev-parse', '--short', 'HEAD'),
    workingTreeDirty: (git('status', '--porcelain') ?? '') !== '',
    shared: 'other workloads may run on this machine; see loadAverageAtStart per scenario',
  };
}

function writeResults(machine, results) {
  let scenarios = results;
  if (only && existsSync(RESULTS)) {
    // A partial run replaces its own scenarios and keeps the others from the last full run.
    const previous = JSON.parse(readFileSync(RESULTS, 'utf8')).scenarios ?? [];
    const fresh = new Map(results.map((r) => [r.name, r]));
    scenarios = SCENARIOS.map((s) => fresh.get(s.name) ?? previous.find((p) => p.name === s.name)).filter(Boolean);
  }
  mkdirSync(join(BENCH_DIR, 'results'), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify({ machine, measuredAt: new Date().toISOString(), scenarios }, null, 2)}\n`);
  log(`wrote ${RESULTS}`);
  updateReadme(machine, scenarios);
}

const START = '<!-- results:start -->';
const END = '<!-- results:end -->';

function updateReadme(machine, scenarios) {
  if (!existsSync(README)) return;
  const text = readFileSync(README, 'utf8');
  if (!text.includes(START) || !text.includes(END)) return;
  const fmt = (v) => (v === null || v === undefined ? '–' : String(v));
  const table = [
    `Machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, Node ${machine.node}, PostgreSQL ${machine.postgres}; commit ${machine.commit}${machine.workingTreeDirty ? ' (dirty tree)' : ''}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
    '',
    '| scenario | metric | project | anchor | ratio | goal | met |',
    '|---|---|---|---|---|---|---|',
    ...scenarios.map(
      (s) =>
        `| ${s.name} | ${fmt(s.metric)} (${fmt(s.unit)}) | ${fmt(s.project)} | ${fmt(s.anchor)} | ${fmt(s.ratio)} | ${fmt(s.goal)} | ${s.met ? 'yes' : '**no**'} |`,
    ),
  ].join('\n');
  writeFileSync(README, text.replace(new RegExp(`${START}[\\s\\S]*${END}`), `${START}\n${table}\n${END}`));
}

main().then(
  () => process.exit(0),
  async (error) => {
    log(`bench failed: ${error.stack ?? error}`);
    await stopAll();
    process.exit(1);
  },
);
