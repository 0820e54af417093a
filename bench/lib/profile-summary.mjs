import { readFileSync } from 'node:fs';

/**
 * The functions with the most self time in a .cpuprofile, and the heaviest "bundle-level"
 * call paths, so a README can say where the time went. Usage: node profile-summary.mjs file [n]
 */
export function summarizeProfile(file, top = 25, { skipFirstMs = 0 } = {}) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const counts = new Map();
  // Percentages are of busy samples (idle left out), after the first skipFirstMs (start-up).
  let at = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] / 1000;
    if (at < skipFirstMs || byId.get(id).callFrame.functionName === '(idle)') return;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  });
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  for (const [id, n] of counts) {
    const node = byId.get(id);
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${short(f.url)}:${f.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + n);
  }
  // Inclusive time per function: each sample counts once for every distinct function on its stack.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map();
  for (const [id, n] of counts) {
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      const key = `${f.functionName || '(anonymous)'} ${short(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + n);
    }
  }
  // Self time by package (node_modules/<pkg>), by the app bundle, by Node's own internals.
  const byPackage = new Map();
  for (const [id, n] of counts) {
    const f = byId.get(id).callFrame;
    const url = f.url;
    const pkg =
      /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
      (url.includes('/dist/')
        ? url.replace(/^.*\/dist\//, 'dist/')
        : url.startsWith('node:')
          ? 'node internals'
          : f.functionName.startsWith('(')
            ? f.functionName
            : url.startsWith('wasm')
              ? 'wasm'
              : 'native/other');
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n);
  }
  const pct = (n) => `${((100 * n) / total).toFixed(1)}%`;
  const sorted = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, n]) => `${pct(n).padStart(6)}  ${k}`);
  return { samples: total, self: sorted(self), inclusive: sorted(inclusive), byPackage: sorted(byPackage) };
}

function short(url) {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '~/')
    .replace(/^.*\/dist\//, 'dist/');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { samples, self, inclusive, byPackage } = summarizeProfile(process.argv[2], Number(process.argv[3] ?? 25), {
    skipFirstMs: Number(process.argv[4] ?? 0),
  });
  console.log(
    `${samples} busy samples\n\nself time by package:\n${byPackage.join('\n')}\n\nself time:\n${self.join('\n')}\n\ninclusive time:\n${inclusive.join('\n')}`,
  );
}
