// ESLint's flat config for the site's scripts (generator/assets/*.js). `make lint-js` runs it
// (and `make test` before the tests) with the ESLint pinned in tests/tools/package.json, from
// where `make node-tools` installs it; this file loads ESLint's rules and the browser's globals
// from there too, since the repository has no node_modules of its own.
//
// The scripts run as they are in the reader's browser, with no build step: ES5 syntax in plain
// `<script>` elements, each wrapped in a function with "use strict", sharing only `window.rp`
// (core.js). search.js alone uses a newer regular expression (Unicode property escapes, ES2018).
"use strict";

const path = require("node:path");

const tools = path.join(__dirname, "tests", "tools", "node_modules");
const js = require(path.join(tools, "@eslint", "js"));
const globals = require(path.join(tools, "globals"));

module.exports = [
  {
    files: ["generator/assets/**/*.js"],
    ...js.configs.recommended,
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: { ...globals.browser, Promise: "readonly", URLSearchParams: "readonly" },
    },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    rules: {
      ...js.configs.recommended.rules,
      strict: ["error", "function"],
      "no-implicit-globals": "error",
      "no-shadow": ["error", { builtinGlobals: false }],
      "no-use-before-define": ["error", { functions: false }],
      "no-unused-vars": ["error", { args: "none", caughtErrors: "none" }],
      eqeqeq: "error",
      curly: ["error", "multi-line"],
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-script-url": "error",
    },
  },
  {
    files: ["generator/assets/search.js"],
    languageOptions: { ecmaVersion: 2018 },
  },
];
