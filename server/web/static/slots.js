// The slot picker of the booking pages: the days on offer as a row of buttons (each with what is left),
// then the chosen day's slots as large buttons showing the places left. Used to book and to move a booking.
"use strict";
window.BranchQ.slotPicker = function (box, options) {
  const { t, api } = window.BranchQ;
  const lang = document.documentElement.lang === "zh-CN" ? "zh-CN" : "en-GB";
  const dayFormat = new Intl.DateTimeFormat(lang, { weekday: "short", month: "short", day: "numeric", timeZone: "UTC" });
  let chosenDay = null;
  const periods = {
    night: t("book.period_night"), morning: t("book.period_morning"),
    afternoon: t("book.period_afternoon"), evening: t("book.period_evening"),
  };

  function dayLabel(iso, index) {
    const [year, month, day] = iso.split("-").map(Number);
    const text = dayFormat.format(new Date(Date.UTC(year, month - 1, day)));
    if (index === 0) return t("book.today") + " · " + text;
    if (index === 1) return t("book.tomorrow") + " · " + text;
    return text;
  }

  function period(hour) {
    if (hour < 6) return "night";
    if (hour < 12) return "morning";
    if (hour < 18) return "afternoon";
    return "evening";
  }

  function button(className, label, disabled) {
    const made = document.createElement("button");
    made.type = "button";
    made.className = className;
    made.disabled = disabled;
    made.append(...label);
    return made;
  }

  function span(className, text) {
    const made = document.createElement("span");
    made.className = className;
    made.textContent = text;
    return made;
  }

  function renderDays(days) {
    const row = document.createElement("div");
    row.className = "days";
    row.setAttribute("role", "group");
    row.setAttribute("aria-label", t("book.choose_day"));
    days.forEach(function (day, index) {
      const note = !day.open ? t("book.closed") : day.free === 0 ? t("book.full") : t("book.left", { count: day.free });
      const made = button("day", [span("day-name", dayLabel(day.date, index)), span("day-left", note)], !day.open || day.free === 0);
      made.dataset.date = day.date;
      made.setAttribute("aria-pressed", String(day.date === chosenDay));
      made.addEventListener("click", function () { load(day.date); });
      row.append(made);
    });
    return row;
  }

  function renderSlots(answer) {
    const groups = document.createElement("div");
    groups.className = "slot-groups";
    const heading = document.createElement("h3");
    heading.className = "sr-only";
    heading.textContent = t("book.choose_slot");
    groups.append(heading);
    let current = null;
    let grid = null;
    answer.slots.forEach(function (slot) {
      const time = slot.start.slice(11, 16);
      const part = period(Number(time.slice(0, 2)));
      if (part !== current) {
        current = part;
        const title = document.createElement("h4");
        title.className = "period";
        title.textContent = periods[part];
        grid = document.createElement("div");
        grid.className = "slots";
        groups.append(title, grid);
      }
      const left = slot.left === 0 ? t("book.full") : t("book.left", { count: slot.left });
      const made = button("slot", [span("slot-time", time), span("slot-left", left)], slot.left === 0);
      made.dataset.start = slot.start;
      made.setAttribute("aria-label", time + ", " + left);
      made.addEventListener("click", function () {
        options.picked({ start: slot.start, end: slot.end, label: dayLabel(answer.date, -1) + " " + time + "–" + slot.end.slice(11, 16) });
      });
      grid.append(made);
    });
    if (answer.slots.length === 0) groups.append(span("muted", t("book.no_slots")));
    return groups;
  }

  async function load(day) {
    box.setAttribute("aria-busy", "true");
    box.replaceChildren(span("muted", t("book.loading")));
    try {
      const query = "?service=" + encodeURIComponent(options.service) + (day ? "&date=" + day : "");
      let answer = await api("GET", "branches/" + encodeURIComponent(options.branch) + "/slots" + query);
      if (!day) {
        const first = answer.days.find((item) => item.free > 0);
        if (first && first.date !== answer.date) {
          answer = await api("GET", "branches/" + encodeURIComponent(options.branch) + "/slots?service=" +
            encodeURIComponent(options.service) + "&date=" + first.date);
        }
      }
      chosenDay = answer.date;
      box.replaceChildren(renderDays(answer.days), renderSlots(answer));
    } catch (error) {
      box.replaceChildren(span("error", t("book.failed", { detail: error.message })));
    }
    box.removeAttribute("aria-busy");
  }

  return { load: function () { return load(chosenDay); } };
};
