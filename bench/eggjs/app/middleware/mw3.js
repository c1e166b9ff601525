'use strict';

// Trivial router-level middleware: sets X-Mw-3: 1 and calls next.
module.exports = () => {
  return async function mw3(ctx, next) {
    ctx.set('X-Mw-3', '1');
    await next();
  };
};
