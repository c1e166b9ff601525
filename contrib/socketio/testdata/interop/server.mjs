// A Node socket.io server with @socket.io/redis-adapter, for the Go
// interop test: the same chat as the Go side (join, say) plus a few
// events that exercise the adapter's requests. Env: PORT, REDIS_URL, KEY.
import { createServer } from "node:http";
import { Server } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { createClient } from "redis";

const { PORT, REDIS_URL, KEY } = process.env;
const pub = createClient({ url: REDIS_URL });
const sub = pub.duplicate();
await Promise.all([pub.connect(), sub.connect()]);

const httpServer = createServer();
const io = new Server(httpServer, { adapter: createAdapter(pub, sub, { key: KEY, requestsTimeout: 2000 }) });
const chat = io.of("/chat");

chat.on("connection", (socket) => {
  socket.data = { server: "node" };
  socket.on("join", async (room, ack) => {
    socket.join(room);
    ack?.({ room, members: (await chat.in(room).fetchSockets()).length });
  });
  socket.on("say", ({ room, text }) => chat.to(room).emit("said", { room, text, from: socket.id }));
  // a broadcast with acknowledgements from Node, answered by clients of both servers
  socket.on("ask-room", async (room, ack) => {
    try {
      ack(await chat.to(room).timeout(2000).emitWithAck("question", "from node"));
    } catch (err) {
      ack({ error: err.message });
    }
  });
  // serverSideEmit with acknowledgements from Node, answered by the Go instance
  socket.on("ask-servers", async (ack) => {
    try {
      ack(await chat.serverSideEmitWithAck("hello", "from node"));
    } catch (err) {
      ack({ error: err.message });
    }
  });
  // fetchSockets from Node, seeing the Go instance's sockets
  socket.on("fetch", async (room, ack) => {
    const sockets = await chat.in(room).fetchSockets();
    ack(sockets.map((s) => ({ id: s.id, rooms: [...s.rooms].sort(), data: s.data ?? null })));
  });
});
chat.on("hello", (arg, ack) => ack?.("node says hi to " + arg));

httpServer.listen(Number(PORT), "127.0.0.1", () => console.log("ready"));
const stop = async () => {
  io.close();
  await Promise.allSettled([pub.quit(), sub.quit()]);
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
