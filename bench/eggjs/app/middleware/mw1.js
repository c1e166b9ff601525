'use strict';

// Trivial router-level middleware: sets X-Mw-1: 1 and calls next.
module.exports = () => {
  return async function mw1(ctx, next) {
    ctx.set('X-Mw-1', '1');
    await next();
  };
};
