// Build self-hosted front-end assets into static/build/: GOV.UK Frontend (compiled with Arial,
// no GOV.UK font or crown), its images, its JavaScript and htmx. No CDN is used at run time.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "static/build";
mkdirSync(out, { recursive: true });
const result = sass.compile("static/scss/app.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/app.css`, result.css);
cpSync("node_modules/govuk-frontend/dist/govuk/assets/images", `${out}/images`, { recursive: true });
cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/govuk-frontend.min.js`);
cpSync("node_modules/htmx.org/dist/htmx.min.js", `${out}/htmx.min.js`);
console.log("assets built in", out);
