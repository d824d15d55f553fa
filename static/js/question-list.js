/* MBC Info: the appointment sheet's question list. The reader ticks suggested questions, puts
   them in order and adds their own; the sheet prints the ticked ones.

   The list is kept in this browser's localStorage only, under one key per page: it is never
   sent anywhere (this script makes no request at all) and no cookie is set. Nothing is stored
   until the reader changes something, and "Clear my list" removes the key.

   Without this script the sheet still works: the suggested questions can be ticked and
   printed, and the lined space is there to write on. Every message comes from the page's
   data attributes, so it is in the page's language. */
"use strict";

(() => {
  const root = document.querySelector("[data-question-list]");
  const list = root && root.querySelector("[data-items]");
  const template = root && root.querySelector("template[data-item-template]");
  if (!list || !template) return;

  const key = root.dataset.key;
  const maxItems = Number(root.dataset.maxItems);
  const maxChars = Number(root.dataset.maxChars);
  const form = root.querySelector("[data-add]");
  const input = form.querySelector("input");
  const error = form.querySelector("[data-error]");
  const status = root.querySelector("[data-announce]");

  // "{question} is number {position}": the placeholders filled in, whatever the language's order.
  const message = (name, values = {}) =>
    (root.dataset["msg" + name] || "").replace(/\{(\w+)\}/g, (whole, field) => (field in values ? values[field] : whole));
  const announce = (text) => { status.textContent = text; };
  const clean = (text) => text.replace(/\s+/g, " ").trim();

  const suggested = Array.from(list.querySelectorAll("input"), (box) => box.value);

  let storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(key);
  } catch (refused) {
    storage = null;  // storage switched off, or a private window that refuses it
  }

  function fresh() {
    return suggested.map((text) => ({ text, ticked: false, own: false }));
  }

  // What was kept: the reader's order and ticks. A suggestion the page no longer makes is dropped
  // unless the reader ticked it; a new one is added at the end, unticked.
  function load() {
    let kept = null;
    try {
      kept = storage && JSON.parse(storage.getItem(key) || "null");
    } catch (damaged) {
      kept = null;
    }
    if (!kept || !Array.isArray(kept.items)) return fresh();
    const items = kept.items
      .filter((item) => item && typeof item.text === "string" && clean(item.text))
      .map((item) => ({ text: clean(item.text).slice(0, maxChars), ticked: Boolean(item.ticked), own: Boolean(item.own) }))
      .filter((item) => item.own || item.ticked || suggested.includes(item.text))
      .slice(0, maxItems);
    const known = new Set(items.map((item) => item.text));
    return items.concat(fresh().filter((item) => !known.has(item.text)));
  }

  let items = load();

  function save() {
    if (!storage) {
      announce(message("NoStorage"));
      return;
    }
    try {
      storage.setItem(key, JSON.stringify({ version: 1, items }));
    } catch (full) {
      announce(message("NoStorage"));
    }
  }

  function render() {
    const rows = items.map((item, index) => {
      const row = template.content.firstElementChild.cloneNode(true);
      const box = row.querySelector("input");
      const text = row.querySelector(".question-text");
      text.id = `question-${index + 1}`;
      text.textContent = item.text;
      box.value = item.text;
      box.checked = item.ticked;
      row.dataset.index = String(index);
      for (const button of row.querySelectorAll("button")) button.setAttribute("aria-describedby", text.id);
      if (!item.own) row.querySelector("[data-remove]").remove();
      return row;
    });
    list.replaceChildren(...rows);
  }

  function focusIn(index, selector) {
    const row = list.children[Math.min(index, list.children.length - 1)];
    const target = row && row.querySelector(selector);
    (target || input).focus();
  }

  list.addEventListener("change", (event) => {
    const row = event.target.closest("li");
    if (!row || event.target.type !== "checkbox") return;
    items[Number(row.dataset.index)].ticked = event.target.checked;
    save();
  });

  list.addEventListener("click", (event) => {
    const button = event.target.closest("button");
    const row = button && button.closest("li");
    if (!row) return;
    const index = Number(row.dataset.index);
    const item = items[index];
    if (button.hasAttribute("data-remove")) {
      items.splice(index, 1);
      save();
      render();
      announce(message("Removed", { question: item.text }));
      focusIn(index, "input");
      return;
    }
    const step = Number(button.dataset.move);
    const target = index + step;
    if (target < 0 || target >= items.length) {
      announce(message("Edge", { question: item.text, position: index + 1, total: items.length }));
      return;
    }
    items.splice(index, 1);
    items.splice(target, 0, item);
    save();
    render();
    // The same button on the moved question keeps the focus, so pressing it again moves it on.
    focusIn(target, `[data-move="${step}"]`);
    announce(message("Moved", { question: item.text, position: target + 1, total: items.length }));
  });

  function showError(text) {
    error.textContent = text;
    input.setAttribute("aria-invalid", text ? "true" : "false");
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = clean(input.value);
    if (!text) return showError(message("Empty"));
    if (text.length > maxChars) return showError(message("TooLong"));
    if (items.length >= maxItems) return showError(message("TooMany"));
    showError("");
    const same = items.find((item) => item.text.toLowerCase() === text.toLowerCase());
    if (same) {
      same.ticked = true;
    } else {
      items.push({ text, ticked: true, own: true });
    }
    save();
    render();
    input.value = "";
    announce(message("Added", { question: text }));
  });

  root.querySelector("[data-clear]").addEventListener("click", () => {
    if (storage) {
      try {
        storage.removeItem(key);
      } catch (refused) {
        // Nothing was kept, so there is nothing to remove.
      }
    }
    items = fresh();
    render();
    showError("");
    announce(message("Cleared"));
  });

  render();
  for (const element of root.querySelectorAll("[data-needs-js]")) element.hidden = false;
})();
