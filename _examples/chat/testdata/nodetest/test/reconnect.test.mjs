// A client reconnects by itself when its server goes away and comes back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { io } from "socket.io-client";
import { start, next, until, freePort } from "../lib/harness.mjs";

test("reconnect after the server is killed and restarted on the same port", async () => {
  const port = await freePort();
  let chat = await start({ port });
  const s = io(chat.url + "/chat", { auth: { name: "ann" }, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500 });
  let connects = 0;
  s.on("connect", () => { connects++; s.emit("join", "lobby"); }); // rejoin on every connect
  try {
    await until(() => connects === 1, "first connect");
    const firstId = s.id;
    const gone = next(s, "disconnect");
    await chat.kill();
    assert.match(await gone, /^transport (close|error)$/, "a transport-level reason, which the client retries");
    chat = await start({ port });
    await until(() => connects === 2, "reconnected", 10000);
    assert.notEqual(s.id, firstId, "a new session");
    // the rejoin went through: say reaches the reconnected socket
    const other = io(chat.url + "/chat", { auth: { name: "bob" }, forceNew: true, reconnection: false });
    await next(other, "connect");
    await until(async () => (await other.emitWithAck("join", "lobby")).members === 2, "both in lobby");
    const p = next(s, "said");
    other.emit("say", { room: "lobby", text: "welcome back" });
    assert.deepEqual(await p, { room: "lobby", text: "welcome back", from: "bob" });
    other.disconnect();
  } finally {
    s.disconnect();
    await chat.stop();
  }
});

test("a stopping server disconnects its clients, which reconnect to the next one", async () => {
  const port = await freePort();
  let chat = await start({ port });
  const s = io(chat.url + "/chat", { auth: { name: "ann" }, forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500 });
  let connects = 0;
  s.on("connect", () => connects++);
  try {
    await until(() => connects === 1, "first connect");
    const gone = next(s, "disconnect");
    await chat.stop(); // SIGTERM: graceful
    assert.match(await gone, /^transport (close|error)$/, "a transport-level reason, which the client retries");
    chat = await start({ port });
    await until(() => connects === 2, "reconnected", 10000);
  } finally {
    s.disconnect();
    await chat.stop();
  }
});
