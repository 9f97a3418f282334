// The ticket status page: live status over the ticket's own event stream, "your turn" with sound and
// vibration, cancel, and the one-tap rating with optional reasons. Every action uses the code the page
// was opened with.
"use strict";
(function () {
  const { data, t, api, stream, unlock, soundReady, chime, minutes } = window.BranchQ;
  const page = document.getElementById("ticket");
  const code = encodeURIComponent(data.code);
  const field = (name) => page.querySelector('[data-field="' + name + '"]');
  const action = (name) => page.querySelector('[data-action="' + name + '"]');
  let current = data.ticket;
  let longestLine = Math.max(1, current.position || 0);
  const title = document.title;

  function waitText(ticket) {
    if (ticket.estimated_wait_s === null || ticket.estimated_wait_s === undefined) return t("ticket.wait_unknown");
    if (ticket.estimated_wait_high_s < 60) return t("ticket.wait_soon");
    const low = minutes(ticket.estimated_wait_low_s);
    const high = minutes(ticket.estimated_wait_high_s);
    return low >= high ? t("ticket.wait_about", { minutes: high }) : t("ticket.wait_range", { low, high });
  }

  function render(ticket) {
    const turned = ticket.status === "called" && current.status !== "called";
    current = ticket;
    page.dataset.status = ticket.status;
    page.dataset.awaiting = ticket.awaiting_arrival ? "true" : "false";
    const counter = ticket.counter ? ticket.counter.number : "";
    if (ticket.status === "waiting") {
      const known = ticket.position !== null && ticket.position !== undefined;
      const ahead = known ? ticket.position : 0;
      longestLine = Math.max(longestLine, ahead);
      field("ahead").textContent = !known ? "" : ahead === 0 ? t("ticket.next")
        : ahead === 1 ? t("ticket.ahead_one") : t("ticket.ahead", { count: ahead });
      field("progress").parentElement.hidden = !known;
      field("progress").style.width = Math.round(100 * (1 - ahead / (longestLine + 1))) + "%";
      field("wait").textContent = waitText(ticket);
    }
    field("go-to-counter").textContent = t("ticket.go_to_counter", { counter });
    field("serving-at").textContent = t("ticket.serving_at", { counter });
    document.title = ticket.status === "called" ? t("ticket.document_title_called", { counter }) : title;
    const rating = document.getElementById("rating");
    if (ticket.rated && rating.dataset.rating === "open") rating.dataset.rating = "rated";
    if (ticket.can_rate && rating.dataset.rating === "closed") rating.dataset.rating = "open";
    if (turned) yourTurn(counter);
  }

  function yourTurn(counter) {
    document.getElementById("announce").textContent = t("ticket.go_to_counter", { counter });
    chime();
    setTimeout(chime, 1500);
    if (navigator.vibrate) navigator.vibrate([400, 200, 400, 200, 800]);
  }

  function showError(text) { field("error").textContent = text || ""; }

  stream(function () { return "api/v1/tickets/" + code + "/events"; }, {
    message: function (message) { if (message.type === "status") render(message.ticket); },
    status: function (live) { field("connection").textContent = live ? t("common.live") : t("common.reconnecting"); },
    closed: function (event) { return event.code < 4400 || event.code >= 4500 || event.code === 4429; },
  });

  action("sound").addEventListener("click", function () {
    if (unlock()) { chime(); action("sound").textContent = t("ticket.sound_ready"); }
  });

  const confirmBox = page.querySelector(".confirm");
  action("cancel").addEventListener("click", function () { confirmBox.hidden = false; action("cancel-no").focus(); });
  action("cancel-no").addEventListener("click", function () { confirmBox.hidden = true; action("cancel").focus(); });
  action("cancel-yes").addEventListener("click", async function () {
    try {
      render(await api("POST", "tickets/" + code + "/cancel"));
      showError("");
    } catch (error) {
      showError(t("ticket.cancel_failed", { detail: error.message }));
    }
    confirmBox.hidden = true;
  });

  // Rating: a tap on a star is the rating; reasons and a comment may follow, once.
  const rating = document.getElementById("rating");
  const chips = field("reasons");
  page.querySelectorAll(".star").forEach(function (star) {
    star.addEventListener("click", async function () {
      const score = Number(star.dataset.score);
      try {
        await api("POST", "tickets/" + code + "/rating", { score });
        offerReasons(score);
        rating.dataset.rating = "details";
        showError("");
        page.querySelector(".rate-details textarea").focus();
      } catch (error) {
        if (error.code === "feedback.already_rated") rating.dataset.rating = "rated";
        else showError(t("ticket.rate_failed", { detail: error.message }));
      }
    });
  });

  function offerReasons(score) {
    const tone = score >= 4 ? "praise" : "complaint";
    chips.replaceChildren();
    data.reasons.filter((reason) => reason.tone === tone).forEach(function (reason) {
      const label = document.createElement("label");
      label.className = "chip";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.value = reason.code;
      label.append(box, document.createTextNode(reason.label));
      chips.append(label);
    });
  }

  page.querySelector(".rate-details").addEventListener("submit", async function (event) {
    event.preventDefault();
    const reasons = Array.from(chips.querySelectorAll("input:checked")).map((box) => box.value).slice(0, data.max_reasons);
    const comment = page.querySelector(".rate-details textarea").value.trim();
    if (reasons.length === 0 && comment === "") { rating.dataset.rating = "sent"; return; }
    try {
      await api("POST", "tickets/" + code + "/rating/details", { reasons, comment });
      rating.dataset.rating = "sent";
      showError("");
    } catch (error) {
      showError(t("ticket.rate_failed", { detail: error.message }));
    }
  });

  // A number left here is told by message when three are ahead and when called (a locked phone cannot ring).
  const notify = page.querySelector(".notify");
  notify.querySelector(".notify-form").addEventListener("submit", async function (event) {
    event.preventDefault();
    const phone = notify.querySelector("input[name=phone]").value.trim();
    try {
      const answer = await api("POST", "tickets/" + code + "/phone", { phone, language: document.documentElement.lang });
      notify.dataset.notify = "on";
      field("notify-on").textContent = t("ticket.notify_on", { phone: answer.phone });
      showError("");
    } catch (error) {
      showError(t("ticket.notify_failed", { detail: error.message }));
    }
  });

  render(current);
})();
