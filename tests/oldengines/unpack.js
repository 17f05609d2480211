// Unpacks the Chromium binaries of the old-engine packages (`bin/chromium.br`, brotli) next
// to themselves as `bin/chromium`, once: `node unpack.js` after `npm ci` (./run test does both).
// Writes to a temporary name first, so an interrupted run never leaves half a browser behind.
'use strict';

const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const here = __dirname;
const deps = JSON.parse(fs.readFileSync(path.join(here, 'package.json'), 'utf8')).dependencies;

for (const name of Object.keys(deps).filter((n) => n.startsWith('chromium-'))) {
  const bin = path.join(here, 'node_modules', name, 'bin');
  const packed = path.join(bin, 'chromium.br');
  const target = path.join(bin, 'chromium');
  if (!fs.existsSync(packed)) {
    console.error(`${packed} is missing: run npm ci in ${here} first`);
    process.exit(1);
  }
  if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(packed).mtimeMs) {
    continue;
  }
  const partial = `${target}.partial`;
  fs.writeFileSync(partial, zlib.brotliDecompressSync(fs.readFileSync(packed)), { mode: 0o755 });
  fs.renameSync(partial, target);
  console.error(`unpacked ${name} to ${target}`);
}
