import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// Where things live (ARCHITECTURE.md): app/ holds routes, pages and page-private components;
// components/ holds shared UI. Neither reaches the database: reads go through lib/<domain>/queries.ts,
// changes through lib/<domain>/actions.ts. Shared components never import a page's module.
const DATABASE = {
  regex: "^(@/|(\\.\\./)+)lib/db(/|$)|^@prisma/|/generated/",
  message: "Read through lib/<domain>/queries.ts and change through lib/<domain>/actions.ts.",
};
const APP = {
  regex: "^(@/app|(\\.\\./)+app)(/|$)",
  message: "Shared components must not depend on a page; move what they need into lib/ or components/.",
};

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      ".next-*/**",
      "**/*.tmp.*",
      "data/**",
      "lib/db/generated/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["app/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [DATABASE] }] },
  },
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: { "no-restricted-imports": ["error", { patterns: [DATABASE, APP] }] },
  },
  {
    // Tests index into fixtures they just built; a failed assumption fails the test either way.
    files: ["**/*.test.ts", "tests/**/*.ts", "e2e/**/*.ts"],
    // useTestDatabase() registers vitest hooks, not React hooks.
    rules: { "@typescript-eslint/no-non-null-assertion": "off", "react-hooks/rules-of-hooks": "off" },
  },
];

export default config;
