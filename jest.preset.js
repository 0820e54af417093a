const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // ES-module-only packages (NestJS 12, music-metadata, ...) are turned into CommonJS.
  transform: {
    'node_modules/.+\\.m?js$': require.resolve('./tools/jest/esm-to-cjs.transform.cjs'),
  },
  transformIgnorePatterns: ['\\.pnp\\.[^\\/]+$'],
};
