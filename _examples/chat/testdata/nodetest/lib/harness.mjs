// Starts instances of the chat example's binary (CHAT_BIN) and connects
// npm socket.io-client sockets to them.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { io } from "socket.io-client";

export const BIN = process.env.CHAT_BIN;
if (!BIN) throw new Error("set CHAT_BIN to the chat example's binary (go test runs this suite with it set)");

// freePort asks the kernel for a port nobody listens on.
export async function freePort() {
  const srv = createServer();
  srv.listen(0, "127.0.0.1");
  await once(srv, "listening");
  const { port } = srv.address();
  srv.close();
  await once(srv, "close");
  return port;
}

// start runs one instance on port (a free one by default) with extra
// environment variables and waits until it answers.
export async function start({ port, env = {} } = {}) {
  port ??= await freePort();
  const child = spawn(BIN, ["--port", String(port)], {
    env: { ...process.env, EGG_SERVER_ENV: "prod", EGG_KEYS: "test-keys-not-secret-0123456789", EGG_LOG: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (b) => { output += b; });
  child.stderr.on("data", (b) => { output += b; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`chat exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(url + "/stats");
      if (res.ok) break;
    } catch { /* not up yet */ }
    if (i > 200) throw new Error(`chat did not answer on ${url} within 20s:\n${output}`);
    await sleep(100);
  }
  return {
    url, port, child,
    output: () => output,
    stats: async () => (await fetch(url + "/stats")).json(),
    // stop sends SIGTERM and waits for the exit
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
    // kill sends SIGKILL: the instance is gone at once, as after a crash
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGKILL");
      await once(child, "exit");
    },
  };
}

// connect opens a socket on /chat (or nsp) and resolves once connected.
export async function connect(url, opts = {}, nsp = "/chat") {
  const socket = io(url + nsp, { forceNew: true, reconnection: false, ...opts });
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
  });
  return socket;
}

// refused opens a socket expected to be refused and resolves with the
// connect_error.
export function refused(url, opts = {}, nsp = "/chat") {
  const socket = io(url + nsp, { forceNew: true, reconnection: false, ...opts });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => { socket.disconnect(); reject(new Error("connected, want connect_error")); });
    socket.once("connect_error", (err) => { socket.disconnect(); resolve(err); });
  });
}

// next resolves with the next event of that name (its first argument).
export function next(socket, event, ms = 5000) {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no ${event} within ${ms}ms`)), ms);
    socket.once(event, (v) => { clearTimeout(t); resolve(v); });
  });
}

// collect records every event of that name.
export function collect(socket, event) {
  const got = [];
  socket.on(event, (v) => got.push(v));
  return got;
}

// until polls fn until it returns a truthy value.
export async function until(fn, what, ms = 5000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${ms}ms`);
    await sleep(25);
  }
}

export { sleep };
