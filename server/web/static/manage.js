// The manager's dashboard: the floor live (from the branch's event stream, no polling), the figures of a
// period from the statistics API drawn as charts and tables (each exportable), and staffing advice.
"use strict";
(function () {
  const { data, t, api, stream } = window.BranchQ;
  const charts = window.BranchQCharts;
  const lang = document.documentElement.lang;
  const branch = encodeURIComponent(data.branch);
  const $ = (selector, root) => (root || document).querySelector(selector);
  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const live = { queue: null, services: null, devices: null, today: null, offsetMs: 0 };
  const LIVE_PARTS = {
    queue: () => "branches/" + branch + "/queue",
    services: () => "branches/" + branch + "/services",
    devices: () => "branches/" + branch + "/devices",
    today: () => "branches/" + branch + "/stats",
    notices: () => "branches/" + branch + "/display",
  };

  // -- formatting ----------------------------------------------------------------------------------
  const number = new Intl.NumberFormat(lang);
  function minutesText(seconds) {
    if (seconds === null || seconds === undefined) return "—";
    return t("manage.minutes", { minutes: (seconds / 60).toFixed(1) });
  }
  function percent(share) { return share === null || share === undefined ? "—" : Math.round(share * 1000) / 10 + "%"; }
  function serviceName(code) {
    const services = (live.services && live.services.services) || [];
    const found = services.find((s) => s.code === code);
    if (found) return lang === "zh-CN" ? found.name_zh : found.name_en;
    const names = figures.report && figures.report.service_names && figures.report.service_names[code];
    return names ? (lang === "zh-CN" ? names.name_zh : names.name_en) : code;
  }
  function dateText(iso) {
    const [year, month, day] = iso.split("-").map(Number);
    return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString(lang, { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" });
  }
  function periodText(period) {
    return period.start === period.end ? dateText(period.start) : dateText(period.start) + " – " + dateText(period.end);
  }
  function cell(text, className) {
    const element = document.createElement("td");
    element.textContent = text;
    if (className) element.className = className;
    return element;
  }
  function row(cells) { const tr = document.createElement("tr"); tr.append(...cells); return tr; }
  function badge(kind, word) {
    const span = document.createElement("span");
    span.className = "state state-" + kind;
    const icon = { ok: "✓", bad: "⚠", warn: "!", idle: "○", busy: "●", paused: "Ⅱ" }[kind] || "";
    span.textContent = (icon ? icon + " " : "") + word;
    return span;
  }
  function badgeCell(kind, word) { const td = document.createElement("td"); td.append(badge(kind, word)); return td; }

  // -- the live floor ------------------------------------------------------------------------------
  function now() { return Date.now() + live.offsetMs; }

  function waitingByService() {
    const lines = {};
    for (const ticket of (live.queue ? live.queue.waiting : [])) {
      const code = ticket.service.code;
      const waited = (now() - Date.parse(ticket.arrived_at)) / 1000;
      const line = lines[code] || (lines[code] = { count: 0, longest: 0 });
      line.count += 1;
      line.longest = Math.max(line.longest, waited);
    }
    return lines;
  }

  function targets() {
    const map = {};
    for (const service of (live.services ? live.services.services : [])) map[service.code] = service.target_wait_min;
    return map;
  }

  function tile(name, value, note, state) {
    const element = $('[data-tile="' + name + '"]');
    $("[data-value]", element).textContent = value;
    $("[data-note]", element).textContent = note || "";
    element.dataset.state = state || "";
  }

  function renderTiles() {
    const lines = waitingByService();
    const target = targets();
    if (live.queue) {
      tile("waiting", number.format(live.queue.waiting.length), t("manage.tile.waiting_note", { services: Object.keys(lines).length }));
      let worst = null;
      for (const [code, line] of Object.entries(lines)) if (!worst || line.longest > worst.longest) worst = { code, ...line };
      if (worst) {
        const over = target[worst.code] !== undefined && worst.longest > target[worst.code] * 60;
        tile("longest", minutesText(worst.longest),
          t("manage.tile.longest_note", { service: serviceName(worst.code), target: target[worst.code] }), over ? "bad" : "ok");
      } else {
        tile("longest", "—", t("manage.tile.nobody_waits"), "ok");
      }
    }
    if (live.today) {
      const report = live.today;
      tile("served", number.format(report.tickets.served), report.tickets.issued === 1 ? t("manage.tile.served_note_one") : t("manage.tile.served_note", { issued: report.tickets.issued }));
      let called = 0, within = 0;
      for (const level of Object.values(report.service_level)) { called += level.called; within += level.within_target; }
      tile("level", called ? percent(within / called) : "—", t("manage.tile.level_note", { within, called }),
        called && within / called < data.service_level_goal ? "bad" : "");
      tile("rating", report.ratings.mean === null ? "—" : report.ratings.mean.toFixed(2),
        t("manage.tile.rating_note", { count: report.ratings.count }));
    }
    if (live.devices) {
      const trouble = live.devices.devices.filter((d) => d.needs_staff || d.silent).length;
      tile("devices", number.format(trouble), t("manage.tile.devices_note", { total: live.devices.devices.length }), trouble ? "bad" : "ok");
    }
  }

  function renderLines() {
    if (!live.services) return;
    const lines = waitingByService();
    const alerts = [];
    $('[data-table="lines"] tbody').replaceChildren(...live.services.services.map(function (service) {
      const line = lines[service.code] || { count: 0, longest: 0 };
      const over = line.count > 0 && line.longest > service.target_wait_min * 60;
      const name = lang === "zh-CN" ? service.name_zh : service.name_en;
      if (over) alerts.push(t("manage.alert.over_target", { service: name, minutes: (line.longest / 60).toFixed(0), target: service.target_wait_min }));
      const tr = row([
        cell(name), cell(number.format(line.count), "num"), cell(line.count ? minutesText(line.longest) : "—", "num"),
        cell(t("manage.minutes", { minutes: service.target_wait_min }), "num"),
        badgeCell(over ? "bad" : "ok", over ? t("manage.over_target") : t("manage.within_target")),
      ]);
      tr.dataset.service = service.code;
      tr.classList.toggle("over", over);
      return tr;
    }));
    const box = $('[data-field="alerts"]');
    box.replaceChildren(...alerts.map(function (text) { const p = document.createElement("p"); p.textContent = "⚠ " + text; return p; }));
  }

  function renderCounters() {
    if (!live.queue) return;
    $('[data-table="counters"] tbody').replaceChildren(...live.queue.counters.map(function (counter) {
      const ticket = counter.ticket;
      const kind = counter.state === "closed" ? "idle" : counter.state === "paused" ? "paused" : ticket ? "busy" : "ok";
      const state = counter.state === "open" && !ticket ? t("manage.counter.idle") : t("manage.counter." + (ticket && counter.state === "open" ? ticket.status : counter.state));
      const tr = row([
        cell(t("manage.counter_number", { number: counter.number })), badgeCell(kind, state),
        cell(ticket ? ticket.number + " · " + serviceName(ticket.service) : "—", "ticket"),
        cell(counter.services.map(serviceName).join("、")),
      ]);
      tr.dataset.counter = counter.number;
      tr.dataset.state = counter.state;
      return tr;
    }));
  }

  function renderDevices() {
    if (!live.devices) return;
    const body = $('[data-table="devices"] tbody');
    if (!live.devices.devices.length) { body.replaceChildren(row([cell(t("manage.no_devices"))])); return; }
    body.replaceChildren(...live.devices.devices.map(function (device) {
      const seen = device.last_seen ? new Date(device.last_seen).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit", hour12: false }) : "—";
      const kind = device.silent || device.needs_staff ? "bad" : "ok";
      const word = device.silent ? t("manage.device.silent") : device.needs_staff ? t("manage.device.needs_staff") : t("manage.device.ok");
      const tr = row([
        cell((device.description || device.username) + " (" + t("manage.role." + device.role) + ")"),
        cell(device.printer ? t("manage.printer." + device.printer) : "—"),
        cell(device.camera ? t("manage.camera." + device.camera) : "—"), cell(seen), badgeCell(kind, word),
      ]);
      tr.dataset.device = device.username;
      return tr;
    }));
  }

  function renderLive() {
    renderTiles();
    renderLines();
    renderCounters();
    renderDevices();
    if (live.queue) {
      $('[data-field="as-of"]').textContent = t("manage.as_of", {
        time: new Date(now()).toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }),
      });
    }
  }

  async function loadLive(parts) {
    const names = Array.from(parts);
    const answers = await Promise.all(names.map((name) => api("GET", LIVE_PARTS[name]())));
    names.forEach(function (name, i) { live[name] = answers[i]; });
    if (parts.has("services")) renderTargets();
    if (parts.has("notices")) renderNotices();
    if (parts.has("queue")) live.offsetMs = Date.parse(live.queue.at) - Date.now();
    renderLive();
  }

  // events -> the parts of the page they change; a burst of events is one reload
  const pending = new Set();
  let reloadTimer = null;
  function partsFor(type) {
    if (type.startsWith("ticket.")) return ["queue", "services", "today"];
    if (type === "counter.state") return ["queue", "services"];
    if (type === "estimates.changed" || type === "service.summary") return ["services"];
    if (type.startsWith("device.")) return ["devices"];
    if (type === "config.changed") return ["services", "notices"];
    return [];
  }
  function onEvent(event) {
    const parts = partsFor(event.type);
    if (!parts.length) return;
    parts.forEach((part) => pending.add(part));
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(function () {
      const parts = new Set(pending);
      pending.clear();
      loadLive(parts).catch(showFailure);
    }, 150);
  }
  function showFailure(error) {
    if (error && (error.status === 401 || error.status === 403)) { window.location.reload(); return; }
    $('[data-field="connection"]').textContent = t("manage.load_failed", { detail: error ? error.message : "" });
  }

  stream(function () { return "api/v1/branches/" + branch + "/events"; }, {
    message: onEvent,
    status: function (open) {
      $('[data-field="connection"]').textContent = open ? t("common.live") : t("common.reconnecting");
      document.body.classList.toggle("offline", !open);
      if (open) loadLive(new Set(Object.keys(LIVE_PARTS))).catch(showFailure);
    },
    closed: function (event) {
      if (event.code === 4401 || event.code === 4403) { window.location.reload(); return false; }
      return true;
    },
  });
  setInterval(function () { renderTiles(); renderLines(); }, 1000);  // waits grow by the clock, not by events

  $('[data-action="logout"]').addEventListener("click", async function () {
    await api("POST", "auth/logout").catch(function () {});
    window.location.reload();
  });

  // -- figures of a period ---------------------------------------------------------------------------
  const figures = { report: null, period: null };
  const form = $('[data-field="period-form"]');

  function isoDay(date) { return date.toISOString().slice(0, 10); }
  function parseDay(iso) { const [y, m, d] = iso.split("-").map(Number); return new Date(Date.UTC(y, m - 1, d)); }
  function addDays(iso, days) { const d = parseDay(iso); d.setUTCDate(d.getUTCDate() + days); return isoDay(d); }

  function periodOf(kind, start, end) {
    if (kind === "week") {
      const weekday = (parseDay(start).getUTCDay() + 6) % 7;  // Monday first
      const monday = addDays(start, -weekday);
      return { start: monday, end: addDays(monday, 6) };
    }
    if (kind === "month") {
      const first = start.slice(0, 8) + "01";
      const next = parseDay(first); next.setUTCMonth(next.getUTCMonth() + 1);
      return { start: first, end: addDays(isoDay(next), -1) };
    }
    if (kind === "range") return { start, end: end && end >= start ? end : start };
    return { start, end: start };
  }

  function query(period) { return "date=" + period.start + "&end=" + period.end; }

  async function loadFigures(period) {
    const report = await api("GET", "branches/" + branch + "/stats?" + query(period));
    figures.report = report;
    figures.period = report.period;
    renderFigures();
  }

  const MINUTES = (value) => String(Math.round(value * 10) / 10);
  const inMinutes = (seconds) => (seconds === null ? null : seconds / 60);

  function renderFigures() {
    const report = figures.report;
    const period = periodText(report.period);
    $('[data-field="period"]').textContent = t("manage.period_line", { period, days: report.period.days });
    $$("[data-period]").forEach((element) => { element.textContent = "· " + period; });
    const hours = report.hourly.map((h) => h.hour);
    const channels = data.channels;
    charts.stacked($('[data-chart="arrivals"] .chart-body'), {
      categories: hours, emptyText: t("manage.no_data"), whole: true,
      series: channels.map((c) => ({ label: t("channel." + c), values: report.hourly.map((h) => h.by_channel[c]) })),
      summary: t("manage.chart.arrivals") + " · " + period,
    });
    const codes = Object.keys(report.service_level);
    const targetsMin = codes.map((c) => report.service_level[c].target_wait_min);
    charts.lines($('[data-chart="waits"] .chart-body'), {
      categories: hours, emptyText: t("manage.no_data"), format: MINUTES,
      series: [
        { label: t("manage.p50"), values: report.hourly.map((h) => inMinutes(h.waits.p50_s)) },
        { label: t("manage.p90"), values: report.hourly.map((h) => inMinutes(h.waits.p90_s)) },
      ],
      band: targetsMin.length ? { from: Math.min(...targetsMin), to: Math.max(...targetsMin), label: t("manage.target_band", { low: Math.min(...targetsMin), high: Math.max(...targetsMin) }) } : null,
      summary: t("manage.chart.waits") + " · " + period,
    });
    charts.bars($('[data-chart="levels"] .chart-body'), {
      categories: codes.map(serviceName), values: codes.map((c) => report.service_level[c].share),
      targets: codes.map(() => data.service_level_goal), max: 1, format: percent, emptyText: t("manage.no_data"),
      label: t("manage.level_met"), badLabel: t("manage.level_missed"), targetLabel: t("manage.level_goal", { goal: percent(data.service_level_goal) }),
      summary: t("manage.chart.levels") + " · " + period,
    });
    const scores = ["1", "2", "3", "4", "5"];
    charts.bars($('[data-chart="ratings"] .chart-body'), {
      categories: scores.map((s) => t("manage.stars", { score: s })), values: scores.map((s) => report.ratings.distribution[s]),
      format: String, whole: true, emptyText: t("manage.no_data"), label: t("manage.rating_count", { count: report.ratings.count, mean: report.ratings.mean === null ? "—" : report.ratings.mean.toFixed(2) }),
      summary: t("manage.chart.ratings") + " · " + period,
    });
    renderTables(report);
    $$("[data-export]").forEach(function (link) {
      link.href = new URL("api/v1/branches/" + branch + "/stats/export?table=" + link.dataset.export + "&format=" + link.dataset.format + "&" + query(report.period) + "&lang=" + lang, window.BranchQ.url("")).href;
    });
  }

  function fill(name, headings, rows) {
    const table = $('[data-report="' + name + '"]');
    const head = document.createElement("tr");
    head.append(...headings.map(function (text, i) {
      const th = document.createElement("th");
      th.scope = "col";
      if (i) th.className = "num";
      const sorter = document.createElement("button");
      sorter.type = "button";
      sorter.className = "sort";
      sorter.textContent = text;
      sorter.addEventListener("click", function () { sortBy(table, th, i); });
      th.append(sorter);
      return th;
    }));
    $("thead", table).replaceChildren(head);
    $("tbody", table).replaceChildren(...(rows.length ? rows : [[t("manage.no_data")]]).map(function (values) {
      const tr = row(values.map((value, i) => cell(value === null || value === undefined ? "—" : String(value), i ? "num" : "")));
      tr.dataset.key = values[0];
      return tr;
    }));
  }

  // A click on a heading sorts by that column (numbers as numbers), a second click reverses.
  function sortKey(text) {
    const value = parseFloat(text.replace(/[^0-9.\-]/g, ""));
    return Number.isNaN(value) ? text : value;
  }
  function sortBy(table, th, column) {
    const descending = th.getAttribute("aria-sort") === "ascending";
    $$("th", table).forEach((other) => other.removeAttribute("aria-sort"));
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    const body = $("tbody", table);
    const rows = $$("tr", body).sort(function (a, b) {
      const x = sortKey(a.children[column].textContent), y = sortKey(b.children[column].textContent);
      const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), lang);
      return descending ? -order : order;
    });
    body.replaceChildren(...rows);
  }

  function renderTables(report) {
    const col = (key) => t("manage.col." + key);
    fill("services", [col("service"), col("issued"), col("called"), col("within"), col("level"), col("target"), col("p50"), col("p90"), col("service_time")],
      Object.entries(report.service_level).map(([code, level]) => [
        serviceName(code), report.tickets.by_service[code] || 0, level.called, level.within_target, percent(level.share),
        t("manage.minutes", { minutes: level.target_wait_min }), minutesText(report.waits.by_service[code].p50_s),
        minutesText(report.waits.by_service[code].p90_s), minutesText(report.service_times.by_service[code].mean_s),
      ]));
    fill("hourly", [col("hour"), col("arrivals"), ...data.channels.map((c) => t("channel." + c)), col("p50"), col("p90")],
      report.hourly.map((h) => [h.hour, h.arrivals, ...data.channels.map((c) => h.by_channel[c]), minutesText(h.waits.p50_s), minutesText(h.waits.p90_s)]));
    const people = (rows) => Object.entries(rows).map(([name, r]) => [name, r.served, minutesText(r.mean_service_s), r.ratings, r.mean_rating === null ? null : r.mean_rating.toFixed(2)]);
    fill("counters", [col("counter"), col("served"), col("service_time"), col("ratings"), col("mean_rating")], people(report.counters));
    fill("tellers", [col("teller"), col("served"), col("service_time"), col("ratings"), col("mean_rating")], people(report.tellers));
    fill("ratings", [col("score"), col("count")], Object.entries(report.ratings.distribution).map(([score, count]) => [score, count]));
  }

  function syncRangeInputs() {
    const kind = form.kind.value;
    $$(".range-only", form).forEach((element) => { element.hidden = kind !== "range"; });
  }
  form.addEventListener("change", syncRangeInputs);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    loadFigures(periodOf(form.kind.value, form.start.value, form.end.value)).catch(showFailure);
  });

  // -- staffing: tomorrow's advice, and yesterday's advice against what happened -------------------
  function pooledByHour(advice) {
    const map = {};
    for (const cell of advice.pooled) map[cell.hour] = cell;
    return map;
  }
  function dedicatedByHour(advice) {
    const map = {};
    for (const cell of advice.dedicated) map[cell.hour] = (map[cell.hour] || 0) + cell.counters;
    return map;
  }
  const hourText = (hour) => String(hour).padStart(2, "0") + ":00";

  async function loadStaffing(today) {
    const tomorrow = addDays(today, 1), yesterday = addDays(today, -1);
    $('[data-field="tomorrow-day"]').textContent = "· " + dateText(tomorrow);
    $('[data-field="yesterday-day"]').textContent = "· " + dateText(yesterday);
    try {
      const advice = await api("GET", "branches/" + branch + "/staffing?date=" + tomorrow);
      const dedicated = dedicatedByHour(advice);
      const cells = advice.pooled.filter((c) => c.arrivals_per_hour > 0 || c.counters > 0);
      $('[data-field="tomorrow-note"]').textContent = t("manage.staffing_note", { days: advice.history_days });
      $('[data-table="tomorrow"] tbody').replaceChildren(...cells.map((c) => row([
        cell(hourText(c.hour)), cell(c.arrivals_per_hour.toFixed(1), "num"), cell(String(c.counters), "num"), cell(String(dedicated[c.hour] || 0), "num"),
      ])));
    } catch (error) {
      $('[data-field="tomorrow-note"]').textContent = error.message;
    }
    try {
      const [advice, happened] = await Promise.all([
        api("GET", "branches/" + branch + "/staffing?date=" + yesterday),
        api("GET", "branches/" + branch + "/stats?date=" + yesterday),
      ]);
      const pooled = pooledByHour(advice);
      const actual = {};
      for (const h of happened.hourly) actual[Number(h.hour.slice(0, 2))] = h;
      const hours = Array.from(new Set([...Object.keys(actual).map(Number), ...advice.pooled.filter((c) => c.arrivals_per_hour > 0).map((c) => c.hour)])).sort((a, b) => a - b);
      $('[data-field="yesterday-note"]').textContent = t("manage.yesterday_note");
      $('[data-table="yesterday"] tbody').replaceChildren(...hours.map((hour) => row([
        cell(hourText(hour)), cell(pooled[hour] ? pooled[hour].arrivals_per_hour.toFixed(1) : "—", "num"),
        cell(String(actual[hour] ? actual[hour].arrivals : 0), "num"), cell(pooled[hour] ? String(pooled[hour].counters) : "—", "num"),
        cell(actual[hour] ? minutesText(actual[hour].waits.p90_s) : "—", "num"),
      ])));
    } catch (error) {
      $('[data-field="yesterday-note"]').textContent = error.message;
    }
  }

  // -- what the manager configures: service targets, the display's notices ------------------------
  function renderTargets() {
    const body = $('[data-table="targets"] tbody');
    if (body.contains(document.activeElement)) return;  // never under the manager's typing
    body.replaceChildren(...live.services.services.map(function (service) {
      const name = lang === "zh-CN" ? service.name_zh : service.name_en;
      const input = document.createElement("input");
      Object.assign(input, { type: "number", min: 1, max: 240, required: true, value: service.target_wait_min });
      input.setAttribute("aria-label", t("manage.target_of", { service: name }));
      const save = document.createElement("button");
      save.type = "button";
      save.className = "button small";
      save.textContent = t("manage.save");
      const status = document.createElement("span");
      status.setAttribute("role", "status");
      status.className = "muted";
      save.addEventListener("click", async function () {
        status.textContent = t("manage.saving");
        try {
          await api("PUT", "branches/" + branch + "/services/" + encodeURIComponent(service.code) + "/target", { target_wait_min: Number(input.value) });
          status.textContent = t("manage.saved");
        } catch (error) { status.textContent = error.message; }
      });
      const inputCell = document.createElement("td"); inputCell.append(input);
      const saveCell = document.createElement("td"); saveCell.append(save, " ", status);
      const tr = row([cell(name), inputCell, saveCell]);
      tr.dataset.service = service.code;
      return tr;
    }));
  }
  const noticesForm = $('[data-field="notices-form"]');
  function renderNotices() {
    if (noticesForm.contains(document.activeElement) || !live.notices) return;
    noticesForm.notice_zh.value = live.notices.notices.notice_zh || "";
    noticesForm.notice_en.value = live.notices.notices.notice_en || "";
  }
  noticesForm.addEventListener("submit", async function (event) {
    event.preventDefault();
    const status = $('[data-field="notices-status"]');
    status.textContent = t("manage.saving");
    try {
      await api("PUT", "branches/" + branch + "/notices", { notice_zh: noticesForm.notice_zh.value, notice_en: noticesForm.notice_en.value });
      status.textContent = t("manage.saved");
    } catch (error) { status.textContent = error.message; }
  });

  // first load: today's figures, once the live queue says which business day it is
  api("GET", LIVE_PARTS.queue()).then(function (queue) {
    form.start.value = queue.business_day;
    form.end.value = queue.business_day;
    syncRangeInputs();
    loadFigures(periodOf("day", queue.business_day)).catch(showFailure);
    loadStaffing(queue.business_day);
  }).catch(showFailure);
})();
