// ESLint settings for the suite's browser tours and assets, after the OCA's 18.0 addons
// template: the rules the template treats as errors (those fail `make lint`); the
// template's warnings are left out, they never fail the hook.
const globals = require("globals");
const jsdoc = require("eslint-plugin-jsdoc");

const errors = [
  "init-declarations", "no-cond-assign", "no-const-assign", "no-debugger", "no-dupe-args",
  "no-dupe-class-members", "no-dupe-keys", "no-duplicate-case", "no-duplicate-imports",
  "no-empty-function", "no-empty-pattern", "no-eq-null", "no-eval", "no-ex-assign",
  "no-func-assign", "no-global-assign", "no-lonely-if", "no-return-assign",
  "no-undef", "no-unneeded-ternary", "no-unreachable", "no-unsafe-finally",
  "no-unused-expressions", "no-unused-labels", "no-unused-vars", "no-use-before-define",
  "use-isnan",
];

module.exports = [
  {
    plugins: {jsdoc},
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "script",
      globals: {
        ...globals.browser,
        _: "readonly",
        $: "readonly",
        jQuery: "readonly",
        luxon: "readonly",
        odoo: "readonly",
        owl: "readonly",
        QUnit: "readonly",
      },
    },
    rules: {
      ...Object.fromEntries(errors.map((rule) => [rule, "error"])),
      "operator-assignment": ["error", "always"],
      "spaced-comment": ["error", "always"],
      strict: ["error", "function"],
    },
  },
  {
    // Odoo's ES modules (/** @odoo-module */) and tests
    files: ["**/*.esm.js", "**/*test.js", "**/static/src/**/*.js", "**/static/tests/**/*.js"],
    languageOptions: {ecmaVersion: 2024, sourceType: "module"},
  },
];
