// Two chat instances sharing a Redis (REDIS_URL): rooms span both. Each test
// uses its own channel prefix (SOCKETIO_REDIS_KEY), so parallel runs on
// the same Redis do not see each other.
import { test } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { start, connect, next, collect, until, sleep } from "../lib/harness.mjs";

// stopped reports whether the process is in the stopped state (Linux).
const stopped = (pid) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].startsWith("T");
  } catch {
    return true; // not Linux: assume the signal took effect
  }
};

const REDIS = process.env.TEST_REDIS_URL;
const skip = REDIS ? false : "TEST_REDIS_URL is not set (go test sets it when a Redis answers)";

async function pair(extra = {}) {
  const env = { REDIS_URL: REDIS, SOCKETIO_REDIS_KEY: "chat-test-" + randomBytes(4).toString("hex"), ...extra };
  return [await start({ env }), await start({ env })];
}

test("members count both instances and say crosses them, to the room only", { skip }, async () => {
  const [a, b] = await pair();
  const sockets = [];
  try {
    const ann = await connect(a.url, { auth: { name: "ann" } });
    const bob = await connect(b.url, { auth: { name: "bob" } });
    const cid = await connect(b.url, { auth: { name: "cid" } });
    const dan = await connect(a.url, { auth: { name: "dan" } });
    sockets.push(ann, bob, cid, dan);
    assert.deepEqual(await ann.emitWithAck("join", "x"), { room: "x", members: 1 });
    assert.deepEqual(await bob.emitWithAck("join", "x"), { room: "x", members: 2 });
    assert.deepEqual(await cid.emitWithAck("join", "y"), { room: "y", members: 1 });
    const got = sockets.map((s) => collect(s, "said"));
    ann.emit("say", { room: "x", text: "from a" });
    bob.emit("say", { room: "x", text: "from b" });
    await until(() => got[0].length === 2 && got[1].length === 2, "both messages at both members");
    await sleep(300);
    for (const g of got.slice(0, 2)) {
      assert.deepEqual(new Set(g.map((m) => m.text)), new Set(["from a", "from b"]));
      assert.equal(g.length, 2, "each message once");
    }
    assert.deepEqual(got[2], [], "another room on the other instance gets nothing");
    assert.deepEqual(got[3], [], "no room on the same instance gets nothing");
    assert.deepEqual(got[0].find((m) => m.text === "from b"), { room: "x", text: "from b", from: "bob" });
  } finally {
    for (const s of sockets) s.disconnect();
    await a.stop();
    await b.stop();
  }
});

test("an instance killed mid-broadcast: the other keeps serving", { skip }, async () => {
  const [a, b] = await pair();
  const sockets = [];
  try {
    const ann = await connect(a.url, { auth: { name: "ann" } });
    const amy = await connect(a.url, { auth: { name: "amy" } });
    const bob = await connect(b.url, { auth: { name: "bob" } });
    sockets.push(ann, amy, bob);
    for (const s of sockets) await s.emitWithAck("join", "k");
    const got = collect(amy, "said");
    for (let i = 0; i < 200; i++) {
      bob.emit("say", { room: "k", text: "b" + i });
      ann.emit("say", { room: "k", text: "a" + i });
      if (i === 50) void b.kill(); // SIGKILL while both are broadcasting
    }
    await until(() => got.filter((m) => m.from === "ann").length === 200, "every message from the survivor's own client");
    const fromAnn = got.filter((m) => m.from === "ann").map((m) => m.text);
    assert.deepEqual(fromAnn, Array.from({ length: 200 }, (_, i) => "a" + i), "in order, once each");
    // the survivor still answers, counting only its own sockets once Redis has dropped the dead one
    await until(async () => (await ann.emitWithAck("join", "k")).members === 2, "members without the dead instance");
    const p = next(amy, "said");
    ann.emit("say", { room: "k", text: "still here" });
    assert.equal((await p).text, "still here");
  } finally {
    for (const s of sockets) s.disconnect();
    await a.stop();
    await b.stop();
  }
});

test("a frozen instance: requests to it time out and the join still answers", { skip }, async () => {
  const [a, b] = await pair({ SOCKETIO_REQUESTS_TIMEOUT: "1s" });
  const sockets = [];
  try {
    const ann = await connect(a.url, { auth: { name: "ann" } });
    const bob = await connect(b.url, { auth: { name: "bob" } });
    sockets.push(ann, bob);
    assert.equal((await bob.emitWithAck("join", "f")).members, 1);
    assert.equal((await ann.emitWithAck("join", "f")).members, 2);
    b.child.kill("SIGSTOP"); // still subscribed in Redis, never answers: a partition
    await until(() => stopped(b.child.pid), "the instance stopped");
    try {
      const t0 = Date.now();
      const ack = await ann.timeout(10000).emitWithAck("join", "f");
      const took = Date.now() - t0;
      assert.deepEqual(ack, { room: "f", members: 1 }, "counted without the frozen instance");
      assert.ok(took >= 900 && took < 5000, `answered after the 1s timeout, took ${took}ms`);
    } finally {
      b.child.kill("SIGCONT");
    }
    assert.equal((await ann.emitWithAck("join", "f")).members, 2, "counted again once it answers");
  } finally {
    for (const s of sockets) s.disconnect();
    await a.stop();
    await b.stop();
  }
});
