// Writes brotli (.br) and gzip (.gz) copies of the compiled bundle (WASM, JS, CSS) beside each
// file, once per build, so the server sends them as they are instead of compressing on every
// request (server/src/compression.rs). Usage: node scripts/precompress.mjs [site/pkg dir]
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.argv[2] ?? 'target/site/pkg';
let raw = 0, br = 0, gz = 0, files = 0;
for (const name of readdirSync(dir)) {
  if (!/\.(wasm|js|css|json)$/.test(name)) continue;
  const path = join(dir, name);
  const source = readFileSync(path);
  const fresh = (suffix) => {
    try { return statSync(path + suffix).mtimeMs >= statSync(path).mtimeMs; } catch { return false; }
  };
  const brotli = fresh('.br') ? readFileSync(path + '.br') : brotliCompressSync(source, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length },
  });
  const gzip = fresh('.gz') ? readFileSync(path + '.gz') : gzipSync(source, { level: 9 });
  if (!fresh('.br')) writeFileSync(path + '.br', brotli);
  if (!fresh('.gz')) writeFileSync(path + '.gz', gzip);
  raw += source.length; br += brotli.length; gz += gzip.length; files += 1;
}
const kb = (n) => `${Math.round(n / 1024)} KB`;
console.log(`precompressed ${files} files: ${kb(raw)} raw, ${kb(gz)} gzip, ${kb(br)} brotli`);
