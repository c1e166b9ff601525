'use strict';

module.exports = {
  // langTag turns koa-locales' lower-case locale ("en-us") into the BCP 47
  // spelling egg for Go renders ("en-US"), so both pages are byte-equal.
  langTag(locale) {
    const [lang, region] = String(locale).split('-');
    return region ? `${lang}-${region.toUpperCase()}` : lang;
  },
};
