import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: [".next*/**", "node_modules/**", "data/**", "test-results/**", "db/migrations/**", "next-env.d.ts", "*.config.js", "*.config.ts"] },
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-unused-expressions": ["error", { allowTernary: true, allowShortCircuit: true }],
      // The store is asynchronous: a statement that is not awaited is a bug (lost writes, a
      // transaction that commits before its work).
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/await-thenable": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
    },
  },
  // Imports run one way: app -> lib -> db -> lib/domain (docs/architecture.md).
  {
    files: ["db/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { regex: "^(@/|(\\.\\./)+)lib/(?!domain/)", message: "db/ may import only db/ and lib/domain/ (imports run app -> lib -> db -> lib/domain)." },
          { regex: "^(@/|(\\.\\./)+)(app|tests)/", message: "db/ never imports app/ or tests/." },
        ],
      }],
    },
  },
  {
    files: ["lib/domain/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ regex: "^(@/(?!lib/domain/)|\\.\\./)", message: "lib/domain is the shared kernel: it imports nothing of the project but itself." }],
      }],
    },
  },
  {
    files: ["lib/**/*.ts", "lib/**/*.tsx"],
    ignores: ["lib/domain/**"],
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [{ regex: "^(@/|(\\.\\./)+)(app|tests)/", message: "lib/ never imports app/ or tests/ (imports run app -> lib -> db -> lib/domain)." }],
      }],
    },
  },
);
