// Preloaded into each measured process (`node -r ./bench/usage.js ...`): on exit, writes to the file
// named by PCLOUD_BENCH_USAGE the process's peak resident set size and the packages it loaded from
// node_modules (with the number of their modules in require.cache), so that the benchmark can say
// what a measured process loaded without a second, unmeasured run.
'use strict';
const fs = require('node:fs');
const out = process.env.PCLOUD_BENCH_USAGE;
if (out) {
  process.on('exit', () => {
    const packages = {};
    for (const file of Object.keys(require.cache)) {
      const at = file.lastIndexOf('node_modules/');
      if (at < 0) continue;
      const parts = file.slice(at + 'node_modules/'.length).split('/');
      const name = parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
      packages[name] = (packages[name] || 0) + 1;
    }
    fs.writeFileSync(out, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS, modules: Object.keys(require.cache).length, packages }));
  });
}
