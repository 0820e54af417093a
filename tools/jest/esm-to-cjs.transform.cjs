// NestJS 12 and a few other dependencies ship ES modules only, while Jest runs our specs as
// CommonJS (ts-jest keeps the decorator metadata Nest needs). This transformer rewrites just
// those ES-module files to CommonJS with esbuild; every other file passes through untouched.
const { transformSync } = require('esbuild');
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { dirname, join } = require('node:path');

const packageTypeCache = new Map();

function isEsmPackageFile(filename) {
  if (filename.endsWith('.mjs')) return true;
  if (filename.endsWith('.cjs')) return false;
  let dir = dirname(filename);
  while (dir !== dirname(dir)) {
    if (packageTypeCache.has(dir)) return packageTypeCache.get(dir);
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      // Nested package.json files without a name only flip the module type for a folder.
      if (pkg.type !== undefined || pkg.name !== undefined) {
        const isEsm = pkg.type === 'module';
        packageTypeCache.set(dir, isEsm);
        return isEsm;
      }
    } catch {
      // no package.json here: keep walking up
    }
    dir = dirname(dir);
  }
  return false;
}

module.exports = {
  canInstrument: false,
  getCacheKey(source, filename) {
    return createHash('sha1').update('esm-to-cjs-v3').update(filename).update(source).digest('hex');
  },
  process(source, filename) {
    if (!isEsmPackageFile(filename)) return { code: source };
    const { code, map } = transformSync(source, {
      format: 'cjs',
      loader: 'js',
      platform: 'node',
      target: 'node20',
      sourcefile: filename,
      sourcemap: 'inline',
      // Jest's CommonJS runtime cannot run import(); esbuild turns it into require().
      supported: { 'dynamic-import': false },
      // CommonJS has no import.meta; packages use it for createRequire and file paths.
      define: { 'import.meta.url': '__esmToCjsImportMetaUrl' },
      banner: "const __esmToCjsImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    });
    return { code, map };
  },
};
