'use strict';

const { Controller } = require('egg');

class HomeController extends Controller {
  // GET /hello -> text/plain; charset=utf-8 "Hello World"
  async hello() {
    this.ctx.type = 'text/plain; charset=utf-8';
    this.ctx.body = 'Hello World';
  }

  // GET /users/:id -> application/json; charset=utf-8 {"id":...,"name":...}
  async user() {
    const id = this.ctx.params.id;
    this.ctx.type = 'application/json; charset=utf-8';
    this.ctx.body = { id, name: `user ${id}` };
  }
}

module.exports = HomeController;
