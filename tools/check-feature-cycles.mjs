#!/usr/bin/env node
// Fails when API feature folders (apps/api/src/app/<feature>/) import each other, directly
// (a <-> b) or round a longer loop (a -> b -> c -> a). Specs are left out: a spec may borrow
// another feature's test helpers without tying the production code together.
//   node tools/check-feature-cycles.mjs [appDir]
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DEFAULT_APP_DIR = 'apps/api/src/app';

/** Module specifiers of static imports, re-exports, `import()` and `require()` in TypeScript source. */
export function importSpecifiers(source) {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const patterns = [
    /\b(?:import|export)\s+(?:type\s+)?[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((match) => match[1]));
}

/** Production TypeScript files under the app folder, relative to it with `/` separators. */
export function productionFiles(appDir) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ts$/.test(name) && !/\.(d|spec|integration-spec|s3-spec|test)\.ts$/.test(name))
        files.push(relative(appDir, path).split(sep).join('/'));
    }
  };
  walk(appDir);
  return files;
}

/** The feature folder of a path relative to the app folder; undefined outside one (app.module.ts, ../common). */
export function featureOf(relativePath) {
  const parts = relativePath.split('/');
  return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
}

/** Feature-to-feature imports: Map<from, Map<to, Array<{ file, specifier }>>>. */
export function featureEdges(files, read) {
  const edges = new Map();
  for (const file of files) {
    const from = featureOf(file);
    if (!from) continue;
    for (const specifier of importSpecifiers(read(file))) {
      if (!specifier.startsWith('.')) continue;
      const to = featureOf(join(dirname(file), specifier).split(sep).join('/'));
      if (!to || to === from) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      const targets = edges.get(from);
      if (!targets.has(to)) targets.set(to, []);
      targets.get(to).push({ file, specifier });
    }
  }
  return edges;
}

/** Strongly connected groups of more than one feature (Tarjan): each holds at least one cycle. */
export function cyclicGroups(edges) {
  const nodes = new Set(edges.keys());
  for (const targets of edges.values()) for (const to of targets.keys()) nodes.add(to);
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const groups = [];
  const visit = (node) => {
    index.set(node, index.size);
    low.set(node, index.get(node));
    stack.push(node);
    onStack.add(node);
    for (const to of edges.get(node)?.keys() ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node), low.get(to)));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node), index.get(to)));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    if (group.length > 1) groups.push(group.sort());
  };
  for (const node of [...nodes].sort()) if (!index.has(node)) visit(node);
  return groups.sort((a, b) => a[0].localeCompare(b[0]));
}

/** What is wrong, one line each (empty when nothing is): each cycle with the imports that make it. */
export function findings(edges, prefix = '') {
  const lines = [];
  for (const group of cyclicGroups(edges)) {
    const members = new Set(group);
    const mutual = [];
    for (const a of group) for (const b of group) if (a < b && edges.get(a)?.has(b) && edges.get(b)?.has(a)) mutual.push(`${a} <-> ${b}`);
    lines.push(`Features in a cycle: ${group.join(', ')}${mutual.length ? ` (import each other: ${mutual.join('; ')})` : ''}`);
    for (const from of group) {
      for (const [to, imports] of edges.get(from) ?? []) {
        if (!members.has(to)) continue;
        lines.push(`  ${from} -> ${to}`);
        for (const { file, specifier } of imports) lines.push(`    ${prefix}${file}: '${specifier}'`);
      }
    }
  }
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const appDir = resolve(root, process.argv[2] ?? DEFAULT_APP_DIR);
  const prefix = `${relative(root, appDir).split(sep).join('/')}/`;
  const edges = featureEdges(productionFiles(appDir), (file) => readFileSync(join(appDir, file), 'utf8'));
  const lines = findings(edges, prefix);
  if (lines.length) {
    console.error('API feature folders must not import each other:');
    for (const line of lines) console.error(line);
    process.exit(1);
  }
  console.log(`No import cycles between the feature folders of ${prefix}`);
}
