'use strict';

// Starts the Egg.js cluster (master + agent + app workers) in the
// foreground, the same way `egg-scripts start` does under the hood, but
// without the extra egg-scripts wrapper process, so that the PID of this
// process is the root of the whole process tree (bench/compare.sh measures
// CPU and RSS over that tree and stops it by PID).
//
// Environment:
//   PORT              port to listen on (default 7001)
//   WORKERS           number of app workers (default 1)
//   EGG_SERVER_ENV    egg env (compare.sh passes "prod")
//   EGG_BENCH_TMPDIR  directory for logs and run files (default: OS temp dir)

const path = require('path');
const egg = require('egg');

egg.startCluster({
  baseDir: __dirname,
  framework: path.dirname(require.resolve('egg/package.json')),
  port: Number(process.env.PORT || 7001),
  workers: Number(process.env.WORKERS || 1),
});
