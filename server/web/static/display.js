// The waiting-room display: the latest call huge, the five before it, the lines per service. Calls arrive
// over the branch's event stream (the display account's cookie), each with a chime and the announcement
// spoken by the browser's own speech synthesis; after any drop (a server restart) it reconnects and
// reloads the board from the server, whose last calls come from the same event log. The strip at the
// bottom shows the manager's notice (set on the dashboard; a `config.changed` event reloads it).
"use strict";
(function () {
  const { data, t, api, stream, unlock, soundReady, chime, minutes } = window.BranchQ;
  const lang = document.documentElement.lang;
  const field = (name) => document.querySelector('[data-field="' + name + '"]');
  const soundButton = document.querySelector('[data-action="sound"]');
  const RECENT = 6;
  const HIGHLIGHT_MS = 10000;
  let calls = [];
  let heard = 0;  // the highest sequence number already announced (or shown at load: never announced again)
  let refreshTimer = null;

  function name(item, zh, en) { return lang === "zh-CN" ? item[zh] : item[en]; }

  function callElement(call, tag) {
    const element = document.createElement(tag);
    element.className = "call";
    const number = document.createElement("span");
    number.className = "call-number";
    number.textContent = call.number;
    const arrow = document.createElement("span");
    arrow.className = "call-arrow";
    arrow.setAttribute("aria-hidden", "true");
    arrow.textContent = "→";
    const counter = document.createElement("span");
    counter.className = "call-counter";
    counter.textContent = t("display.counter", { counter: call.counter });
    element.append(number, arrow, counter);
    if (call.recall) {
      const again = document.createElement("span");
      again.className = "call-recall";
      again.textContent = t("display.recall");
      element.append(again);
    }
    return element;
  }

  let fresh = { seq: null, until: 0 };  // the call highlighted as new, until when

  function renderCalls() {
    const latest = field("latest");
    latest.replaceChildren();
    if (calls.length === 0) {
      const none = document.createElement("p");
      none.className = "no-calls";
      none.textContent = t("display.no_calls");
      latest.append(none);
    } else {
      const top = callElement(calls[0], "p");
      const left = fresh.until - Date.now();
      if (calls[0].seq === fresh.seq && left > 0) {
        top.classList.add("fresh");
        setTimeout(function () { top.classList.remove("fresh"); }, left);
      }
      latest.append(top);
    }
    field("recent").replaceChildren(...calls.slice(1, RECENT).map((call) => callElement(call, "li")));
  }

  function renderServices(board) {
    field("services").replaceChildren(...board.services.map(function (service) {
      const item = document.createElement("li");
      const title = document.createElement("span");
      title.className = "service-name";
      title.textContent = name(service, "name_zh", "name_en");
      const count = document.createElement("span");
      count.className = "service-count";
      count.textContent = t("display.people", { count: service.waiting });
      const wait = document.createElement("span");
      wait.className = "service-wait";
      if (service.waiting > 0 && service.estimated_wait_s !== null) {
        wait.textContent = t("display.wait", { minutes: minutes(service.estimated_wait_s) });
      }
      item.append(title, count, wait);
      return item;
    }));
    const notices = board.notices || {};
    const notice = (lang === "zh-CN" ? notices.notice_zh : notices.notice_en) || t("display.notice");
    field("notice").textContent = board.hours && board.hours.open_now === false
      ? t("display.closed") + " · " + notice : notice;
  }

  function merge(call) {
    if (calls.some((known) => known.seq === call.seq)) return false;
    calls = calls.concat([call]).sort((a, b) => b.seq - a.seq).slice(0, RECENT);
    return true;
  }

  async function load() {
    const board = await api("GET", "branches/" + encodeURIComponent(data.branch) + "/display");
    board.calls.forEach(merge);
    heard = Math.max(heard, board.as_of_seq);
    renderCalls();
    renderServices(board);
  }

  function refreshSoon() {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () { load().catch(function () {}); }, 400);
  }

  function spell(number, words) {
    const digits = words["voice.digits"].split(" ");
    const join = words["voice.lang"].startsWith("zh") ? "" : " ";
    return number.replace(/[0-9]+/g, (run) => " " + Array.from(run, (digit) => digits[Number(digit)]).join(join) + " ").trim();
  }

  function announce(call) {
    chime();
    if (!window.speechSynthesis) return;
    data.voices.forEach(function (words) {
      const text = words["voice.call"].split("{number}").join(spell(call.number, words)).split("{counter}").join(call.counter);
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = words["voice.lang"];
      window.speechSynthesis.speak(utterance);
    });
  }

  function onEvent(event) {
    if (event.type === "ticket.called" || event.type === "ticket.recalled") {
      const call = {
        seq: event.seq, recall: event.type === "ticket.recalled", at: event.at, number: event.data.number,
        counter: event.data.counter ? event.data.counter.number : "",
      };
      if (merge(call)) {
        fresh = { seq: call.seq, until: Date.now() + HIGHLIGHT_MS };
        renderCalls();
        if (call.seq > heard) announce(call);
      }
      heard = Math.max(heard, event.seq);
    }
    if (event.type.startsWith("ticket.") || event.type === "estimates.changed" || event.type === "counter.state"
        || event.type === "config.changed") {  // config: the manager's notices, a service renamed
      refreshSoon();
    }
  }

  stream(function () { return "api/v1/branches/" + encodeURIComponent(data.branch) + "/events"; }, {
    message: onEvent,
    status: function (live) {
      field("connection").textContent = live ? "" : t("common.reconnecting");
      document.body.classList.toggle("offline", !live);
      if (live) load().catch(function () {});
    },
    closed: function (event) {
      if (event.code === 4401 || event.code === 4403) { window.location.reload(); return false; }
      return true;
    },
  });

  function tick() { field("clock").textContent = new Date().toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit", hour12: false }); }
  tick();
  setInterval(tick, 1000);

  unlock();
  setTimeout(function () { soundButton.hidden = soundReady(); }, 500);
  soundButton.addEventListener("click", function () { unlock(); chime(); soundButton.hidden = true; });
  load().catch(function () {});
})();
