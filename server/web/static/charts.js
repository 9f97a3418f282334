// Small SVG charts for the manager's dashboard: our own code, no library. Each chart is drawn into a
// container as an <svg role="img"> with a text summary for screen readers, and a legend in words (colour
// never carries meaning alone). Colours are classes (`series-0` ... in site.css), taken from the palette.
"use strict";
window.BranchQCharts = (function () {
  const NS = "http://www.w3.org/2000/svg";
  const W = 640, H = 260, LEFT = 48, RIGHT = 12, TOP = 12, BOTTOM = 34;

  function node(name, attributes, text) {
    const element = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, value);
    if (text !== undefined) element.textContent = text;
    return element;
  }

  // The top of the axis: four gridline steps of a round size (1, 2, 2.5, 3, 4, 5, 6, 8 × a power of ten);
  // for counts (`whole`) the steps are whole numbers, so no axis says 0.25 people or rounds to 1, 1, 1.
  function niceMax(value, whole) {
    if (whole) value = Math.max(value, 4);
    if (!(value > 0)) return 1;
    const quarter = value / 4;
    const power = Math.pow(10, Math.floor(Math.log10(quarter)));
    for (const step of [1, 2, 2.5, 3, 4, 5, 6, 8, 10]) {
      const size = step * power;
      if (size >= quarter && !(whole && size % 1)) return 4 * size;
    }
    return 40 * power;
  }

  function frame(summary, max, format) {
    const svg = node("svg", { viewBox: "0 0 " + W + " " + H, role: "img", class: "chart-svg" });
    svg.append(node("title", {}, summary));
    const plotH = H - TOP - BOTTOM;
    for (let i = 0; i <= 4; i += 1) {
      const value = (max * i) / 4;
      const y = TOP + plotH - (plotH * i) / 4;
      svg.append(node("line", { x1: LEFT, x2: W - RIGHT, y1: y, y2: y, class: "grid" }));
      svg.append(node("text", { x: LEFT - 6, y: y + 4, class: "axis", "text-anchor": "end" }, format(value)));
    }
    return svg;
  }

  function y(value, max) { return TOP + (H - TOP - BOTTOM) * (1 - value / max); }

  // Labels under the bars, shortened with "…" to the room a bar has (the whole label is its tooltip).
  function textWidth(text) { return Array.from(text).reduce((sum, c) => sum + (c.charCodeAt(0) > 0x2e80 ? 12 : 6.6), 0); }
  function fitted(text, room) {
    if (textWidth(text) <= room) return text;
    let cut = Array.from(text);
    while (cut.length > 1 && textWidth(cut.join("") + "…") > room) cut = cut.slice(0, -1);
    return cut.join("") + "…";
  }
  function xLabels(svg, categories, slot) {
    const every = Math.max(1, Math.ceil(categories.length / 12));
    categories.forEach(function (label, index) {
      if (index % every) return;
      const text = node("text", { x: LEFT + slot * (index + 0.5), y: H - BOTTOM + 18, class: "axis", "text-anchor": "middle" }, fitted(label, slot * every - 6));
      text.append(node("title", {}, label));
      svg.append(text);
    });
  }

  function legend(container, items) {
    const box = container.parentElement.querySelector(".legend");
    if (!box) return;
    box.replaceChildren(...items.map(function (item) {
      const entry = document.createElement("span");
      entry.className = "legend-item";
      const swatch = document.createElement("span");
      swatch.className = "swatch " + item.className;
      swatch.setAttribute("aria-hidden", "true");
      entry.append(swatch, document.createTextNode(item.label));
      return entry;
    }));
  }

  function empty(container, text) {
    const note = document.createElement("p");
    note.className = "muted chart-empty";
    note.textContent = text;
    container.replaceChildren(note);
    legend(container, []);
  }

  // Stacked bars: one bar per category, one segment per series.
  function stacked(container, options) {
    const { categories, series, summary, format } = options;
    if (!categories.length) return empty(container, options.emptyText);
    const totals = categories.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] || 0), 0));
    const max = niceMax(Math.max(...totals), options.whole);
    const svg = frame(summary, max, format || String);
    const slot = (W - LEFT - RIGHT) / categories.length;
    categories.forEach(function (category, i) {
      let base = 0;
      series.forEach(function (s, k) {
        const value = s.values[i] || 0;
        if (!value) return;
        const top = y(base + value, max), bottom = y(base, max);
        const bar = node("rect", { x: LEFT + slot * i + slot * 0.15, width: slot * 0.7, y: top, height: bottom - top, class: "series-" + k });
        bar.append(node("title", {}, category + " · " + s.label + ": " + value));
        svg.append(bar);
        base += value;
      });
    });
    xLabels(svg, categories, slot);
    container.replaceChildren(svg);
    legend(container, series.map((s, k) => ({ label: s.label, className: "series-" + k })));
  }

  // Lines over categories (null values leave a gap), with an optional band (the target).
  function lines(container, options) {
    const { categories, series, band, summary, format } = options;
    if (!categories.length) return empty(container, options.emptyText);
    const values = series.flatMap((s) => s.values).filter((v) => v !== null);
    const max = niceMax(Math.max(band ? band.to : 0, ...values));
    const svg = frame(summary, max, format || String);
    const slot = (W - LEFT - RIGHT) / categories.length;
    const items = [];
    if (band) {
      svg.append(node("rect", { x: LEFT, width: W - LEFT - RIGHT, y: y(band.to, max), height: y(band.from, max) - y(band.to, max), class: "band" }));
      items.push({ label: band.label, className: "band" });
    }
    series.forEach(function (s, k) {
      let path = "";
      let drawing = false;
      s.values.forEach(function (value, i) {
        if (value === null) { drawing = false; return; }
        const px = LEFT + slot * (i + 0.5), py = y(value, max);
        path += (drawing ? " L" : " M") + px.toFixed(1) + " " + py.toFixed(1);
        drawing = true;
        const dot = node("circle", { cx: px, cy: py, r: 3.5, class: "dot series-" + k });
        dot.append(node("title", {}, categories[i] + " · " + s.label + ": " + (format || String)(value)));
        svg.append(dot);
      });
      svg.append(node("path", { d: path.trim(), class: "line series-" + k }));
      items.push({ label: s.label, className: "series-" + k });
    });
    xLabels(svg, categories, slot);
    container.replaceChildren(svg);
    legend(container, items);
  }

  // Bars with a target mark per bar (a value at or above its target is drawn "ok").
  function bars(container, options) {
    const { categories, values, targets, summary, format, max: fixedMax } = options;
    if (!categories.length) return empty(container, options.emptyText);
    const present = values.filter((v) => v !== null);
    const max = fixedMax || niceMax(Math.max(...present, ...(targets || []).filter((v) => v !== null), 0), options.whole);
    const svg = frame(summary, max, format || String);
    const slot = (W - LEFT - RIGHT) / categories.length;
    values.forEach(function (value, i) {
      const target = targets ? targets[i] : null;
      const x = LEFT + slot * i + slot * 0.2;
      if (value !== null) {
        const good = target === null || target === undefined || value >= target;
        const bar = node("rect", { x, width: slot * 0.6, y: y(value, max), height: y(0, max) - y(value, max), class: good ? "series-0" : "series-bad" });
        bar.append(node("title", {}, categories[i] + ": " + (format || String)(value)));
        svg.append(bar);
        svg.append(node("text", { x: x + slot * 0.3, y: y(value, max) - 4, class: "value", "text-anchor": "middle" }, (format || String)(value)));
      }
      if (target !== null && target !== undefined) {
        svg.append(node("line", { x1: x - slot * 0.08, x2: x + slot * 0.68, y1: y(target, max), y2: y(target, max), class: "target" }));
      }
    });
    xLabels(svg, categories, slot);
    container.replaceChildren(svg);
    const items = [{ label: options.label, className: "series-0" }];
    if (targets) items.push({ label: options.badLabel, className: "series-bad" }, { label: options.targetLabel, className: "target" });
    legend(container, items);
  }

  return { stacked, lines, bars };
})();
