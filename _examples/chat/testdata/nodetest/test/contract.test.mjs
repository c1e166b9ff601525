// The chat example's contract, driven by npm socket.io-client 4.8.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { start, connect, refused, next, collect, until, sleep } from "../lib/harness.mjs";

let chat;
const open = [];
before(async () => { chat = await start(); });
after(async () => {
  for (const s of open) s.disconnect();
  await chat.stop();
});
const client = async (name, opts = {}) => {
  const s = await connect(chat.url, { auth: { name }, ...opts });
  open.push(s);
  return s;
};

test("a handshake without a name is refused with 'unauthorized'", async () => {
  for (const opts of [{}, { auth: {} }, { auth: { name: "" } }, { auth: { name: 42 } }, { auth: { name: "   " } }]) {
    const err = await refused(chat.url, opts);
    assert.equal(err.message, "unauthorized", JSON.stringify(opts));
  }
});

test("join acknowledges {room, members}", async () => {
  const a = await client("ann"), b = await client("bob");
  assert.deepEqual(await a.emitWithAck("join", "ack-room"), { room: "ack-room", members: 1 });
  assert.deepEqual(await b.emitWithAck("join", "ack-room"), { room: "ack-room", members: 2 });
  assert.deepEqual(await a.emitWithAck("join", "ack-room"), { room: "ack-room", members: 2 }, "joining twice counts once");
});

test("say reaches every socket in the room and nobody else", async () => {
  const a = await client("ann"), b = await client("bob"), c = await client("cid"), d = await client("dan");
  await a.emitWithAck("join", "iso-1");
  await b.emitWithAck("join", "iso-1");
  await c.emitWithAck("join", "iso-2");
  const gotA = collect(a, "said"), gotB = collect(b, "said"), gotC = collect(c, "said"), gotD = collect(d, "said");
  a.emit("say", { room: "iso-1", text: "hello room" });
  await until(() => gotA.length === 1 && gotB.length === 1, "said to both members");
  const want = { room: "iso-1", text: "hello room", from: "ann" };
  assert.deepEqual(gotA[0], want);
  assert.deepEqual(gotB[0], want);
  await sleep(300);
  assert.deepEqual(gotC, [], "a socket in another room gets nothing");
  assert.deepEqual(gotD, [], "a socket in no room gets nothing");
  assert.equal(gotA.length + gotB.length, 2, "once each");
});

test("acknowledgements both ways: the server asks the client inside the client's question", async () => {
  const a = await client("ann");
  a.on("probe", (q, ack) => ack({ echoed: q }));
  assert.deepEqual(await a.emitWithAck("probe", "are you there?"), { answer: [{ echoed: "are you there?" }] });
  const silent = await client("sil");
  const res = await silent.timeout(5000).emitWithAck("probe", "no answer");
  assert.equal(res.error.code, "no_answer");
});

test("a bad argument is answered with an error payload, the connection stays", async () => {
  const a = await client("ann");
  assert.equal((await a.emitWithAck("join", { not: "a string" })).error.code, "invalid_args");
  assert.equal((await a.emitWithAck("join", "")).error.code, "invalid_room");
  assert.deepEqual(await a.emitWithAck("whoami"), { id: a.id, name: "ann" });
});

test("connection middleware run in order, and their code after next() runs on disconnect", async () => {
  const before = await chat.stats();
  const a = await connect(chat.url, { auth: { name: "ann" } });
  const id = a.id;
  let s = await chat.stats();
  assert.deepEqual(s.trace[id], ["track:connect", "auth:connect"]);
  a.disconnect();
  s = await until(async () => { const s = await chat.stats(); return s.trace[id].length === 4 && s; }, "disconnect steps");
  assert.deepEqual(s.trace[id], ["track:connect", "auth:connect", "auth:disconnect", "track:disconnect"]);
  assert.equal(s.disconnects, before.disconnects + 1);

  // a refusal: the outer middleware sees it after its next()
  const err = await refused(chat.url, { auth: {} });
  assert.equal(err.message, "unauthorized");
  s = await chat.stats();
  const refusedTraces = Object.values(s.trace).filter((t) => t.includes("auth:refuse"));
  assert.ok(refusedTraces.length > 0);
  for (const t of refusedTraces) assert.deepEqual(t, ["track:connect", "auth:refuse", "track:refused"]);
});

test("packet middleware sees every event", async () => {
  const a = await client("ann");
  const before = (await chat.stats()).events;
  await a.emitWithAck("whoami");
  a.emit("unknown-event", 1);
  await a.emitWithAck("join", "pm");
  await until(async () => (await chat.stats()).events === before + 3, "3 events counted");
});

for (const transports of [["polling"], ["websocket"], ["polling", "websocket"]]) {
  test(`transport ${transports.join("+")}`, async () => {
    const a = await client("ann", { transports }), b = await client("bob", { transports });
    if (transports.length === 2) {
      await until(() => a.io.engine.transport.name === "websocket", "upgrade to websocket");
    } else {
      assert.equal(a.io.engine.transport.name, transports[0]);
    }
    const room = "t-" + transports.join("-");
    await a.emitWithAck("join", room);
    assert.deepEqual(await b.emitWithAck("join", room), { room, members: 2 });
    const p = next(b, "said");
    a.emit("say", { room, text: "over " + transports.join("+") });
    assert.deepEqual(await p, { room, text: "over " + transports.join("+"), from: "ann" });
  });
}

test("GET / serves the page and /socket.io/socket.io.js its client", async () => {
  const page = await fetch(chat.url + "/");
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<script src="\/socket.io\/socket.io.js"><\/script>/);
  assert.doesNotMatch(html, /https?:\/\//, "the page loads nothing from elsewhere");
  const js = await fetch(chat.url + "/socket.io/socket.io.js");
  assert.equal(js.status, 200);
  assert.match(js.headers.get("content-type"), /javascript/);
  assert.match(await js.text(), /root\.io = function/);
});
