import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInThisContext } from 'node:vm';
import type { Mp3Encoder } from '@breezystack/lamejs';

interface LameModule {
  Mp3Encoder: typeof Mp3Encoder;
}

let lame: LameModule | undefined;

/**
 * @breezystack/lamejs maps `require()` to an IIFE build that only declares a local `lamejs`
 * variable and exports nothing, while its ESM build cannot be loaded from this CommonJS bundle or
 * from Jest without extra tooling. So the IIFE source is evaluated here and its variable returned.
 * `createRequire(__filename)` resolves through Node itself, both in the webpack bundle (where the
 * package stays external) and under Jest.
 */
export function loadLame(): LameModule {
  if (!lame) {
    const file = createRequire(__filename).resolve('@breezystack/lamejs');
    const source = readFileSync(file, 'utf8');
    // runInThisContext (not `new Function`) so that under Jest the encoder runs in Node's main
    // context, where its heavy use of `Math` is not slowed down by the test sandbox.
    const factory = runInThisContext(`(function () {\n${source}\n;return lamejs;\n})`, { filename: file });
    const loaded = (factory as () => Partial<LameModule> | undefined)();
    if (typeof loaded?.Mp3Encoder !== 'function') {
      throw new Error(`could not load Mp3Encoder from ${file}`);
    }
    lame = loaded as LameModule;
  }
  return lame;
}
