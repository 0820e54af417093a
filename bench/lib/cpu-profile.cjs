// Preloaded into a process (node -r) when the bench runs with --profile: samples the CPU from
// start to SIGUSR2, then writes a .cpuprofile (Chrome DevTools format) to BENCH_PROFILE_FILE.
const inspector = require('node:inspector');
const { writeFileSync } = require('node:fs');

const session = new inspector.Session();
session.connect();
session.post('Profiler.enable', () => {
  session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start'));
});
process.on('SIGUSR2', () => {
  session.post('Profiler.stop', (error, result) => {
    if (!error) writeFileSync(process.env.BENCH_PROFILE_FILE, JSON.stringify(result.profile));
    process.stdout.write(`cpu profile written to ${process.env.BENCH_PROFILE_FILE}\n`);
  });
});
