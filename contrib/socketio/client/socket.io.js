/*
 * egg for Go's small Socket.IO client, served at <path>socket.io.js so a page
 * works with no internet access. It speaks Socket.IO v5 over Engine.IO v4
 * on a WebSocket (no long-polling, no binary attachments) and offers the
 * part of socket.io-client's API most pages use:
 *
 *   const socket = io("/chat", { auth: { name: "ann" } });
 *   socket.on("connect", () => ...); socket.on("connect_error", (err) => err.message);
 *   socket.on("said", (msg) => ...); socket.on("disconnect", (reason) => ...);
 *   socket.emit("join", "lobby", (ack) => ...);
 *   socket.timeout(5000).emit("join", "lobby", (err, ack) => ...);
 *   socket.disconnect(); socket.connect();
 *
 * Options: auth (object, or function(cb)), path ("/socket.io/"), query
 * (object), reconnection (true), reconnectionDelay (1000),
 * reconnectionDelayMax (5000). For anything else, serve the npm
 * socket.io-client instead (Config.ClientDir).
 */
(function (root) {
  "use strict";

  function Emitter() { this._l = {}; }
  Emitter.prototype.on = function (ev, fn) { (this._l[ev] = this._l[ev] || []).push(fn); return this; };
  Emitter.prototype.off = function (ev, fn) {
    if (!fn) { delete this._l[ev]; return this; }
    this._l[ev] = (this._l[ev] || []).filter(function (f) { return f !== fn && f._orig !== fn; });
    return this;
  };
  Emitter.prototype.once = function (ev, fn) {
    var self = this;
    function w() { self.off(ev, w); fn.apply(self, arguments); }
    w._orig = fn;
    return this.on(ev, w);
  };
  Emitter.prototype._fire = function (ev, args) {
    (this._l[ev] || []).slice().forEach(function (f) {
      try { f.apply(null, args); } catch (e) { setTimeout(function () { throw e; }); }
    });
  };

  // encode and decode Socket.IO packets (types: 0 connect, 1 disconnect,
  // 2 event, 3 ack, 4 connect_error)
  function encode(type, nsp, id, data) {
    var s = String(type);
    if (nsp !== "/") s += nsp + ",";
    if (id !== undefined) s += id;
    if (data !== undefined) s += JSON.stringify(data);
    return s;
  }
  function decode(str) {
    var p = { type: Number(str.charAt(0)), nsp: "/" }, i = 1;
    if (p.type === 5 || p.type === 6) return null; // binary attachments: not supported
    if (str.charAt(i) === "/") {
      var end = str.indexOf(",", i);
      if (end < 0) end = str.length;
      p.nsp = str.substring(i, end);
      i = end + 1;
    }
    var digits = "";
    while (i < str.length && str.charAt(i) >= "0" && str.charAt(i) <= "9") digits += str.charAt(i++);
    if (digits) p.id = Number(digits);
    if (i < str.length) {
      try { p.data = JSON.parse(str.substring(i)); } catch (e) { return null; }
    }
    return p;
  }

  function Socket(uri, opts) {
    Emitter.call(this);
    opts = opts || {};
    var loc = root.location || { protocol: "http:", host: "localhost" };
    var m = /^(https?|wss?):\/\/([^\/]+)(\/.*)?$/.exec(uri || "");
    var secure = m ? /^(https|wss)$/.test(m[1]) : loc.protocol === "https:";
    this._host = m ? m[2] : loc.host;
    this.nsp = (m ? m[3] : uri) || "/";
    if (this.nsp.charAt(0) !== "/") this.nsp = "/" + this.nsp;
    var path = opts.path || "/socket.io/";
    if (path.charAt(path.length - 1) !== "/") path += "/";
    var q = "EIO=4&transport=websocket";
    for (var k in (opts.query || {})) q += "&" + encodeURIComponent(k) + "=" + encodeURIComponent(opts.query[k]);
    this._url = (secure ? "wss://" : "ws://") + this._host + path + "?" + q;
    this.auth = opts.auth;
    this._reconnection = opts.reconnection !== false;
    this._delay = opts.reconnectionDelay || 1000;
    this._delayMax = opts.reconnectionDelayMax || 5000;
    this._attempts = 0;
    this._acks = {};
    this._ackId = 0;
    this._queue = [];
    this._timeout = undefined;
    this.connected = false;
    this.disconnected = true;
    this.id = undefined;
    if (opts.autoConnect !== false) this.connect();
  }
  Socket.prototype = Object.create(Emitter.prototype);

  Socket.prototype.connect = function () {
    if (this._ws || this.connected) return this;
    this._manual = false;
    var self = this, ws = new WebSocket(this._url);
    this._ws = ws;
    ws.onmessage = function (e) { self._onEngine(String(e.data)); };
    ws.onclose = function () { self._onClose("transport close"); };
    ws.onerror = function () { if (!self.connected) self._fire("connect_error", [new Error("websocket error")]); };
    return this;
  };
  Socket.prototype.open = Socket.prototype.connect;

  Socket.prototype._sendAuthConnect = function () {
    var self = this, send = function (auth) { self._ws.send("4" + encode(0, self.nsp, undefined, auth || undefined)); };
    if (typeof this.auth === "function") this.auth(send); else send(this.auth);
  };

  Socket.prototype._onEngine = function (msg) {
    var t = msg.charAt(0);
    if (t === "0") return this._sendAuthConnect(); // engine open
    if (t === "2") return this._ws.send("3"); // ping → pong
    if (t === "1") return this._ws.close();
    if (t !== "4") return;
    var p = decode(msg.substring(1));
    if (!p || p.nsp !== this.nsp) return;
    switch (p.type) {
      case 0:
        this.id = p.data && p.data.sid;
        this.connected = true; this.disconnected = false; this._attempts = 0;
        this._fire("connect", []);
        var q = this._queue; this._queue = [];
        for (var i = 0; i < q.length; i++) this._ws.send(q[i]);
        break;
      case 4:
        var err = new Error((p.data && p.data.message) || "connect_error");
        err.data = p.data && p.data.data;
        this._manual = true; // a refusal is not retried, as socket.io-client
        this._ws.close();
        this._fire("connect_error", [err]);
        break;
      case 2:
        var args = p.data || [], self = this;
        if (p.id !== undefined) {
          var id = p.id, sent = false;
          args.push(function () {
            if (sent) return; sent = true;
            self._ws.send("4" + encode(3, self.nsp, id, Array.prototype.slice.call(arguments)));
          });
        }
        this._fire(args[0], args.slice(1));
        break;
      case 3:
        var fn = this._acks[p.id];
        if (fn) { delete this._acks[p.id]; fn.apply(null, p.data || []); }
        break;
      case 1:
        this._manual = true;
        this._onClose("io server disconnect");
        break;
    }
  };

  Socket.prototype._onClose = function (reason) {
    var ws = this._ws, was = this.connected;
    this._ws = null;
    this.connected = false; this.disconnected = true;
    if (ws) { ws.onclose = ws.onmessage = ws.onerror = null; try { ws.close(); } catch (e) {} }
    if (was) this._fire("disconnect", [reason]);
    if (!this._manual && this._reconnection) {
      var self = this, d = Math.min(this._delayMax, this._delay * Math.pow(2, this._attempts++));
      setTimeout(function () { if (!self._manual) self.connect(); }, d * (0.5 + Math.random()));
    }
  };

  Socket.prototype.emit = function (ev) {
    var args = Array.prototype.slice.call(arguments), id;
    var timeout = this._timeout; this._timeout = undefined;
    if (typeof args[args.length - 1] === "function") {
      var fn = args.pop(), self = this;
      id = this._ackId++;
      if (timeout !== undefined) {
        var timer = setTimeout(function () { delete self._acks[id]; fn(new Error("operation has timed out")); }, timeout);
        this._acks[id] = function () { clearTimeout(timer); fn.apply(null, [null].concat(Array.prototype.slice.call(arguments))); };
      } else {
        this._acks[id] = fn;
      }
    }
    var pkt = "4" + encode(2, this.nsp, id, args);
    if (this.connected) this._ws.send(pkt); else this._queue.push(pkt);
    return this;
  };

  Socket.prototype.timeout = function (ms) { this._timeout = ms; return this; };

  Socket.prototype.emitWithAck = function () {
    var self = this, args = Array.prototype.slice.call(arguments), timeout = this._timeout;
    this._timeout = undefined;
    return new Promise(function (resolve, reject) {
      if (timeout !== undefined) {
        self._timeout = timeout;
        args.push(function (err, v) { if (err) reject(err); else resolve(v); });
      } else {
        args.push(resolve);
      }
      self.emit.apply(self, args);
    });
  };

  Socket.prototype.disconnect = function () {
    this._manual = true;
    if (this._ws && this.connected) this._ws.send("4" + encode(1, this.nsp));
    if (this._ws) this._onClose("io client disconnect");
    return this;
  };
  Socket.prototype.close = Socket.prototype.disconnect;

  root.io = function (uri, opts) {
    if (typeof uri === "object") { opts = uri; uri = undefined; }
    return new Socket(uri, opts);
  };
})(typeof window !== "undefined" ? window : this);
