// The chat page: connect to /chat with a name, join a room, say things.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var socket = null, room = null;

  function log(text, cls) {
    var li = document.createElement("li");
    li.textContent = text;
    if (cls) li.className = cls;
    $("log").appendChild(li);
    $("log").scrollTop = $("log").scrollHeight;
  }

  function join(name) {
    socket.emit("join", name, function (ack) {
      if (ack && ack.error) { log("cannot join " + name + ": " + ack.error.message, "info"); return; }
      room = ack.room;
      $("say").hidden = false;
      log("joined " + ack.room + " (" + ack.members + " here)", "info");
    });
  }

  $("login").addEventListener("submit", function (e) {
    e.preventDefault();
    if (socket) socket.disconnect();
    socket = io("/chat", { auth: { name: $("name").value } });
    window.chatSocket = socket; // for the browser test and the console
    socket.on("connect", function () {
      $("status").textContent = "connected as " + $("name").value;
      $("room").hidden = false;
      if (room) join(room); // rejoin after a reconnect
    });
    socket.on("connect_error", function (err) { $("status").textContent = "refused: " + err.message; });
    socket.on("disconnect", function (reason) { $("status").textContent = "disconnected (" + reason + ")"; });
    socket.on("said", function (m) { log(m.from + ": " + m.text); });
    socket.on("probe", function (q, ack) { ack("browser"); });
  });

  $("room").addEventListener("submit", function (e) {
    e.preventDefault();
    join($("roomName").value);
  });

  $("say").addEventListener("submit", function (e) {
    e.preventDefault();
    if (!room) return;
    socket.emit("say", { room: room, text: $("text").value });
    $("text").value = "";
  });
})();
