// ESLint for the whole repository (run by `npm test`): typescript-eslint's recommended rules and
// React's hooks rules. Type checking itself is tsc's job (strict, in `npm test` too); these catch
// what the compiler does not: hooks called conditionally or with stale dependencies, unused
// code, `any` without a reason.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'training/.cache/', 'e2e/.fixtures/', 'scratch-tmp/', 'public/vendor/', 'coverage/', 'dev-dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // React lives in the UI and its stores; elsewhere a function named use… is not a hook.
    files: ['src/ui/**/*.{ts,tsx}', 'src/state/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The two rules of hooks; the plugin's React Compiler rules (refs in render and the like) are
      // left off: the app is not compiled by the React Compiler.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  {
    // The training workspace reaches the app's code through one entry only (src/core.ts).
    files: ['training/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '(^|/)src/', message: 'training/ imports the app through @divejudge/core (src/core.ts), the one boundary between them.' }] }],
    },
  },
  {
    files: ['**/*.{js,mjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
