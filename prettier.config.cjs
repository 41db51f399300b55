// Prettier settings of the OCA's 18.0 addons template (printWidth 88, XML whitespace kept as
// written, so that Odoo views and QWeb templates render the same after formatting).
// The XML plugin is found through NODE_PATH, which pre-commit sets to its Node environment.
module.exports = {
  plugins: [require.resolve("@prettier/plugin-xml")],
  printWidth: 88,
  proseWrap: "always",
  bracketSpacing: false,
  semi: true,
  trailingComma: "es5",
  xmlWhitespaceSensitivity: "preserve",
};
