// node --test tools/check-feature-cycles.spec.mjs
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { cyclicGroups, featureEdges, findings, importSpecifiers, productionFiles } from './check-feature-cycles.mjs';

/** An app folder in a temp directory: { 'a/a.service.ts': "import ...", ... }. */
function appTree(files) {
  const appDir = mkdtempSync(join(tmpdir(), 'feature-cycles-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(appDir, path)), { recursive: true });
    writeFileSync(join(appDir, path), text);
  }
  return appDir;
}

function check(files) {
  const appDir = appTree(files);
  return findings(featureEdges(productionFiles(appDir), (file) => readFileSync(join(appDir, file), 'utf8')));
}

describe('importSpecifiers', () => {
  it('finds imports, type imports, re-exports, side-effect imports, import() and require()', () => {
    const source = [
      "import { A } from '../a/a';",
      "import type { B } from '../b/b';",
      'import {\n  C,\n  D,\n} from "../c/c";',
      "export { E } from '../e/e';",
      "export * from '../f/f';",
      "import '../g/g';",
      "const h = await import('../h/h');",
      "const i = require('../i/i');",
      "// import { J } from '../j/j';",
      "/* import { K } from '../k/k'; */",
      "const url = 'http://example.test'; // from '../l/l'",
    ].join('\n');
    assert.deepEqual(importSpecifiers(source).sort(), ['../a/a', '../b/b', '../c/c', '../e/e', '../f/f', '../g/g', '../h/h', '../i/i']);
  });
});

describe('check', () => {
  it('passes a one-way dependency, and imports within a feature or from outside the features', () => {
    const lines = check({
      'app.module.ts': "import { A } from './a/a.module';\nimport { B } from './b/b.module';",
      'a/a.service.ts': "import { B } from '../b/b.service';\nimport { C } from '../../common/c';\nimport { X } from './x';",
      'b/b.service.ts': "import { Common } from '../../common/c';\nimport { Injectable } from '@nestjs/common';",
    });
    assert.deepEqual(lines, []);
  });

  it('reports two features that import each other, with the files that do it', () => {
    const lines = check({
      'a/a.service.ts': "import { B } from '../b/b.service';",
      'b/deep/b.service.ts': "import type { A } from '../../a/a.service';",
    });
    assert.deepEqual(lines, [
      'Features in a cycle: a, b (import each other: a <-> b)',
      '  a -> b',
      "    a/a.service.ts: '../b/b.service'",
      '  b -> a',
      "    b/deep/b.service.ts: '../../a/a.service'",
    ]);
  });

  it('reports a longer loop as one group', () => {
    const lines = check({
      'a/a.ts': "import { B } from '../b/b';",
      'b/b.ts': "import { C } from '../c/c';",
      'c/c.ts': "import { A } from '../a/a';",
      'd/d.ts': "import { A } from '../a/a';",
    });
    assert.equal(lines[0], 'Features in a cycle: a, b, c');
    assert.ok(lines.includes("    c/c.ts: '../a/a'"));
    assert.ok(!lines.some((line) => line.includes('d/d.ts')));
  });

  it('ignores specs, which may borrow another feature’s helpers', () => {
    const lines = check({
      'a/a.ts': "import { B } from '../b/b';",
      'b/b.spec.ts': "import { A } from '../a/a';",
      'b/b.integration-spec.ts': "import { A } from '../a/a';",
    });
    assert.deepEqual(lines, []);
  });
});

describe('cyclicGroups', () => {
  it('finds separate cycles separately', () => {
    const edge = (...targets) => new Map(targets.map((to) => [to, []]));
    const edges = new Map([
      ['a', edge('b')],
      ['b', edge('a', 'c')],
      ['c', edge('d')],
      ['d', edge('e')],
      ['e', edge('c')],
    ]);
    assert.deepEqual(cyclicGroups(edges), [
      ['a', 'b'],
      ['c', 'd', 'e'],
    ]);
  });
});
