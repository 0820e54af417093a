import nx from '@nx/eslint-plugin';

// Backend packages the admin and the shared contracts must never import.
const backendOnly = ['@prisma/*', 'prisma', '@nestjs/*', 'bull', 'ioredis', 'pg', 'twilio', 'argon2'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: ['**/dist', '**/out-tsc', '**/generated/**', '**/test-output/**'],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            {
              sourceTag: 'scope:shared',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: [...backendOnly, '@angular/*'],
            },
            {
              sourceTag: 'scope:admin',
              onlyDependOnLibsWithTags: ['scope:admin', 'scope:shared'],
              bannedExternalImports: backendOnly,
            },
            {
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'],
              bannedExternalImports: ['@angular/*'],
            },
            {
              sourceTag: 'scope:emulator',
              onlyDependOnLibsWithTags: ['scope:emulator'],
              bannedExternalImports: ['@angular/*', '@prisma/*', '@nestjs/*'],
            },
            {
              // The offline bundle verifier: node built-ins, yauzl and the shared evidence code only.
              sourceTag: 'scope:verify',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: [...backendOnly, '@angular/*'],
            },
            {
              sourceTag: 'scope:e2e',
              onlyDependOnLibsWithTags: ['scope:shared'],
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util'],
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests assert on what they just created; `!` there states a checked fact.
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', '**/*.s3-spec.ts', '**/test/**/*.ts', '**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
];
