const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { chmodSync } = require('fs');
const { join } = require('path');
const { BannerPlugin } = require('webpack');

const outputDir = join(__dirname, '../../dist/tools');
const outputFile = 'verify-export.js';

// One self-contained file (yauzl bundled in) at dist/tools/verify-export.js, the path the
// design names, so an auditor can copy it next to a bundle and run it with plain node.
module.exports = {
  // Named here too: otherwise webpack's default entry (main: ./src) is built beside it.
  entry: { 'verify-export': './src/main.ts' },
  output: {
    path: outputDir,
    clean: true,
    devtoolModuleFilenameTemplate: '[absolute-resource-path]',
  },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      outputFileName: outputFile,
      tsConfig: './tsconfig.app.json',
      externalDependencies: 'none',
      optimization: false,
      outputHashing: 'none',
      generatePackageJson: false,
      sourceMap: false,
    }),
    // The npm bin `callrec-verify-export` runs this file directly.
    new BannerPlugin({ banner: '#!/usr/bin/env node', raw: true, entryOnly: true }),
    {
      apply(compiler) {
        compiler.hooks.afterEmit.tap('ExecutableBin', () => chmodSync(join(outputDir, outputFile), 0o755));
      },
    },
  ],
};
