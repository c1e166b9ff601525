'use strict';

const os = require('os');
const path = require('path');

module.exports = appInfo => {
  // Keep logs and run files out of the repository: compare.sh points
  // EGG_BENCH_TMPDIR at its scratch directory.
  const tmp = process.env.EGG_BENCH_TMPDIR || path.join(os.tmpdir(), 'egg-bench-eggjs');

  const config = {};

  // Cookie signing keys (required by egg).
  config.keys = `${appInfo.name}_bench_keys_not_secret`;

  config.rundir = path.join(tmp, 'run');

  config.logger = {
    dir: path.join(tmp, 'logs'),
  };

  config.cluster = {
    listen: {
      hostname: '127.0.0.1',
      port: Number(process.env.PORT || 7001),
    },
  };

  // No global application middleware: the three bench middlewares are
  // mounted on the /users/:id route only (see app/router.js).
  config.middleware = [];

  // GET /page renders app/view/*.njk with nunjucks (default configuration;
  // config/plugin.js enables egg-view-nunjucks there).
  config.view = {
    defaultViewEngine: 'nunjucks',
    mapping: { '.njk': 'nunjucks' },
  };

  // egg-i18n reads its messages from config/locales (there is no
  // config/locale): a symlink to bench/apps/page/config/locales, the very
  // files egg for Go embeds, so both pages translate the same messages.

  return config;
};
