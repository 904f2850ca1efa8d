// Bundles the page into dist/: index.html, app.css, app.js (CodeMirror and the page), the
// checker nianbao.wasm, and nianbao-wasm.js, the same bytes as a script for pages opened from
// file:// (which cannot fetch files).
// Run by build.sh after wasm-bindgen has written build/pkg/.
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "dist");
mkdirSync(out, { recursive: true });

await esbuild.build({
  entryPoints: [join(here, "src/main.js")],
  outfile: join(out, "app.js"),
  bundle: true,
  format: "iife", // a classic script: module scripts are refused from file://
  target: ["chrome100", "firefox100", "safari15"],
  minify: true,
  legalComments: "linked",
  // wasm-bindgen's loader only reads import.meta.url when given no module.
  define: { "import.meta.url": '""' },
  logLevel: "warning",
});
await esbuild.build({
  entryPoints: [join(here, "src/style.css")],
  outfile: join(out, "app.css"),
  bundle: true,
  minify: true,
  logLevel: "warning",
});
copyFileSync(join(here, "src/index.html"), join(out, "index.html"));
const wasm = join(here, "build/pkg/nianbao_web_bg.wasm");
copyFileSync(wasm, join(out, "nianbao.wasm"));
writeFileSync(join(out, "nianbao-wasm.js"), `globalThis.NIANBAO_WASM="${readFileSync(wasm).toString("base64")}";\n`);

const size = (p) => {
  const bytes = readFileSync(p);
  return `${(statSync(p).size / 1024).toFixed(0)} KB (gzip ${(gzipSync(bytes, { level: 9 }).length / 1024).toFixed(0)} KB)`;
};
for (const f of ["nianbao.wasm", "nianbao-wasm.js", "app.js", "app.css", "index.html"]) {
  console.log(`${f.padEnd(16)} ${size(join(out, f))}`);
}
console.log(`page: ${join(out, "index.html")}`);
