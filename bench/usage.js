// Preloaded into each measured process (`node -r ./bench/usage.js ...`): on exit, writes the
// process's peak resident set size to the file named by PCLOUD_BENCH_USAGE.
'use strict';
const fs = require('node:fs');
const out = process.env.PCLOUD_BENCH_USAGE;
if (out) process.on('exit', () => fs.writeFileSync(out, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS })));
