// What a phone downloads to run a page: the Wasm and its JS, compressed with brotli at quality 11 as a
// static file server would serve them. After a split build (`--split`) also each lazy island's pieces
// (`#[island(lazy)]`), from the split manifest. Run after `cargo leptos build --release --split`:
//
//   node .ci/wasm-size.mjs [target/site/pkg]
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";

const pkg = process.argv[2] ?? "target/site/pkg";
const brotli = (file) =>
  brotliCompressSync(readFileSync(join(pkg, file)), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const files = readdirSync(pkg);
const one = (pattern) => {
  const found = files.filter((f) => pattern.test(f));
  if (found.length !== 1) throw new Error(`expected one file matching ${pattern} in ${pkg}, found ${found.length}`);
  return found[0];
};
const split = files.some((f) => /^__wasm_split_manifest/.test(f));
const common = [one(/^lingong(\.[\w-]+)?\.js$/), one(/^lingong(\.[\w-]+)?\.wasm$/)];
if (split) common.push(one(/^__wasm_split\..*\.js$/));
for (const f of common) console.log(`${f.padEnd(40)} ${kb(brotli(f)).padStart(9)}`);
const commonBytes = common.reduce((sum, f) => sum + brotli(f), 0);
console.log(`${"together: every page, before lazy islands".padEnd(40)} ${kb(commonBytes).padStart(9)}`);
if (!split) process.exit(0);
const manifest = JSON.parse(readFileSync(join(pkg, one(/^__wasm_split_manifest(\.[\w-]+)?\.json$/)), "utf8"));

const chunkBytes = new Map();
const sizeOf = (chunk) => {
  if (!chunkBytes.has(chunk)) chunkBytes.set(chunk, brotli(`${chunk}.wasm`));
  return chunkBytes.get(chunk);
};

const rows = Object.entries(manifest)
  .filter(([name]) => /_loader_\d+$/.test(name))
  .map(([name, chunks]) => {
    const island = name.replace(/_loader_\d+$/, "");
    const own = chunks.reduce((sum, c) => sum + sizeOf(c), 0);
    return { island, own, total: commonBytes + own };
  })
  .sort((a, b) => b.total - a.total);
console.log("\na page with one lazy island (the above + the island's pieces), brotli:");
for (const { island, own, total } of rows) {
  console.log(`  ${island.padEnd(24)} ${kb(total).padStart(9)}   (island's pieces ${kb(own)})`);
}
