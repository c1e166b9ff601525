'use strict';

module.exports = app => {
  const { router, controller, middleware } = app;

  router.get('/hello', controller.home.hello);
  router.get(
    '/users/:id',
    middleware.mw1(),
    middleware.mw2(),
    middleware.mw3(),
    controller.home.user
  );
  // The server-rendered page needs session, i18n and the view: default
  // configuration only (see config/plugin.js).
  if (process.env.EGG_BENCH_CONFIG !== 'minimal') {
    router.get('/page', controller.page.show);
    router.get('/login', controller.page.login);
  }
};
