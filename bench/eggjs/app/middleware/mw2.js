'use strict';

// Trivial router-level middleware: sets X-Mw-2: 1 and calls next.
module.exports = () => {
  return async function mw2(ctx, next) {
    ctx.set('X-Mw-2', '1');
    await next();
  };
};
