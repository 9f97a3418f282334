// BranchQ pages: what every page's script shares. Our own code; no library.
// The server's root is found from this script's own address, so the pages work under any proxy prefix.
"use strict";
window.BranchQ = (function () {
  const script = document.currentScript;
  const root = new URL("..", script.src);  // .../static/live.js -> .../
  const data = JSON.parse(document.getElementById("page-data").textContent);
  const strings = data.strings || {};

  function t(key, params) {
    let text = strings[key] || key;
    for (const [name, value] of Object.entries(params || {})) text = text.split("{" + name + "}").join(String(value));
    return text;
  }

  function url(path) { return new URL(path, root); }

  async function api(method, path, body, headers) {
    const response = await fetch(url("api/v1/" + path), {
      method,
      headers: Object.assign(
        { "Content-Type": "application/json", "Accept-Language": document.documentElement.lang }, headers || {}),
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
    let answer = null;
    try { answer = await response.json(); } catch (ignored) { answer = null; }
    if (!response.ok) {
      const error = new Error((answer && answer.detail) || String(response.status));
      error.status = response.status;
      error.code = answer && answer.code;
      throw error;
    }
    return answer;
  }

  // A websocket that comes back by itself: after a drop it waits 0.5 s, then longer (up to 5 s), and
  // reconnects with whatever `path()` says then (the display resumes from its last sequence number).
  function stream(path, handlers) {
    let delay = 500;
    let socket = null;
    function connect() {
      const address = url(path());
      address.protocol = address.protocol === "https:" ? "wss:" : "ws:";
      socket = new WebSocket(address);
      socket.onopen = function () { delay = 500; handlers.status(true); };
      socket.onmessage = function (message) { handlers.message(JSON.parse(message.data)); };
      socket.onclose = function (event) {
        handlers.status(false);
        if (handlers.closed && handlers.closed(event) === false) return;
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 5000);
      };
    }
    connect();
    return { close: function () { if (socket) socket.close(); } };
  }

  // A two-tone chime made here (no sound file to fetch). Browsers let a page play sound only after a
  // tap or click on it: `unlock()` is called from one.
  let audio = null;
  function unlock() {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return false;
    if (!audio) audio = new Context();
    if (audio.state === "suspended") audio.resume();
    return true;
  }
  function soundReady() { return Boolean(audio) && audio.state === "running"; }
  function chime() {
    if (!audio) unlock();
    if (!audio) return;
    const start = audio.currentTime + 0.05;
    [[784, 0], [659, 0.45]].forEach(function ([frequency, offset]) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.type = "sine";
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.4, start + offset + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.9);
      tone.connect(gain).connect(audio.destination);
      tone.start(start + offset);
      tone.stop(start + offset + 1);
    });
  }

  function minutes(seconds) { return Math.max(1, Math.round(seconds / 60)); }

  return { data, t, url, api, stream, unlock, soundReady, chime, minutes };
})();
