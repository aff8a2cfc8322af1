import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '**/*.cjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/common/**', '**/utils/**', '**/helpers/**'], message: 'name modules after what they do' }] },
      ],
    },
  },
  {
    // Projections are typed by the domain's event unions; nothing in the libraries needs `any`.
    files: ['libs/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    files: ['libs/domain/**/*.ts', 'libs/policy/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/*', 'pg', '@electric-sql/*', '**/apps/**', '**/event-store/**', '**/database/**', '**/projections/**'], message: 'the domain and the policy stay pure' }] },
      ],
    },
  },
);
