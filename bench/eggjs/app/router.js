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
};
