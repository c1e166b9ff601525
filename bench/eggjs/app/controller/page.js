'use strict';

const { Controller } = require('egg');

// The page's file list: fixed, the same as bench/apps/page.go's.
const FILES = [
  { name: 'notes.txt', size: 1204 },
  { name: 'photo.jpg', size: 48213 },
  { name: 'plan.png', size: 9921 },
  { name: 'todo.txt', size: 87 },
  { name: 'report.txt', size: 30412 },
];

// The twin of bench/apps/page.go (default configuration only).
class PageController extends Controller {
  // GET /page: reads the session, translates two messages (egg-i18n's
  // __) and renders app/view/page.njk in its layout (egg-view-nunjucks);
  // 302 /login without a user in the session.
  async show() {
    const { ctx } = this;
    const user = ctx.session.user;
    if (!user) {
      ctx.redirect('/login');
      return;
    }
    await ctx.render('page.njk', { user, files: FILES });
  }

  // GET /login?user=NAME: NAME becomes the session's user, 204 (a bench
  // shortcut so that the harness gets the cookie with one GET).
  async login() {
    const { ctx } = this;
    const user = ctx.query.user;
    if (!user) {
      ctx.status = 400;
      ctx.body = 'name the user: GET /login?user=ada';
      return;
    }
    ctx.session.user = user;
    ctx.status = 204;
  }
}

module.exports = PageController;
