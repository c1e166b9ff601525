'use strict';

// Two configurations, chosen by EGG_BENCH_CONFIG (bench/compare.sh sets it):
//   default  Egg's own default plugins (security with CSRF, session, i18n,
//            onerror, static, multipart, jsonp, view, ...) plus
//            egg-view-nunjucks for GET /page
//   minimal  the same with security, session and i18n switched off, the
//            counterpart of egg with onerror and bodyparser only
const minimal = process.env.EGG_BENCH_CONFIG === 'minimal';

module.exports = minimal ? {
  security: false,
  session: false,
  i18n: false,
} : {
  nunjucks: {
    enable: true,
    package: 'egg-view-nunjucks',
  },
};
