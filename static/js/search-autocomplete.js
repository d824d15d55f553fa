/*
 * Search suggestions: turns each site search box into a WAI-ARIA combobox with a listbox of
 * page titles and section headings (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/).
 *
 * Keyboard: Down and Up move through the suggestions, Enter opens the one chosen (or searches
 * for the words typed when none is), Escape closes the list (a second Escape clears the box),
 * Tab leaves. Without this script the box is a plain search form, and it works the same.
 * No inline code or styles, so it runs under a strict Content Security Policy.
 */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 150;

  function Combobox(input) {
    var form = input.form;
    this.input = input;
    this.endpoint = form.getAttribute("data-suggest") || "/search/suggest/";
    // What the list says, in the page's language: the form carries the translated texts.
    this.texts = {
      suggestions: form.getAttribute("data-text-suggestions") || "Suggestions",
      none: form.getAttribute("data-text-none") || "No suggestions.",
      one: form.getAttribute("data-text-one") || "1 suggestion. Use the up and down arrow keys to choose, Enter to open.",
      many: form.getAttribute("data-text-many") || "{count} suggestions. Use the up and down arrow keys to choose, Enter to open."
    };
    this.items = [];
    this.active = -1;
    this.timer = null;
    this.request = null;
    this.lastQuery = null;

    var base = input.id || "search";
    this.list = document.createElement("ul");
    this.list.id = base + "-suggestions";
    this.list.className = "search-suggestions";
    this.list.setAttribute("role", "listbox");
    this.list.setAttribute("aria-label", this.texts.suggestions);
    this.list.hidden = true;

    this.status = document.createElement("div");
    this.status.className = "visually-hidden";
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");

    var row = input.parentNode;
    row.parentNode.insertBefore(this.list, row.nextSibling);
    row.parentNode.insertBefore(this.status, this.list.nextSibling);
    form.classList.add("has-suggestions");

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", this.list.id);

    input.addEventListener("input", this.onInput.bind(this));
    input.addEventListener("keydown", this.onKeydown.bind(this));
    input.addEventListener("blur", this.onBlur.bind(this));
    // Keep focus in the box while an option is pressed, so the list does not close first.
    this.list.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.list.addEventListener("click", this.onClick.bind(this));
  }

  Combobox.prototype.onInput = function () {
    var self = this;
    window.clearTimeout(this.timer);
    var query = this.input.value.trim();
    if (query.length < MIN_CHARS) {
      this.close();
      this.lastQuery = null;
      return;
    }
    this.timer = window.setTimeout(function () { self.fetch(query); }, DELAY_MS);
  };

  Combobox.prototype.fetch = function (query) {
    var self = this;
    if (query === this.lastQuery) {
      return;
    }
    this.lastQuery = query;
    if (this.request && this.request.abort) {
      this.request.abort();
    }
    var controller = window.AbortController ? new AbortController() : null;
    this.request = controller;
    var url = this.endpoint + "?q=" + encodeURIComponent(query);
    window.fetch(url, {
      headers: { "Accept": "application/json" },
      credentials: "same-origin",
      signal: controller ? controller.signal : undefined
    }).then(function (response) {
      return response.ok ? response.json() : { suggestions: [] };
    }).then(function (data) {
      // Only the answer to what is in the box now counts.
      if (self.input.value.trim() === query) {
        self.render(data.suggestions || []);
      }
    }).catch(function () { /* offline or aborted: the plain search still works */ });
  };

  function sameSite(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/";
  }

  Combobox.prototype.render = function (suggestions) {
    var list = this.list;
    while (list.firstChild) {
      list.removeChild(list.firstChild);
    }
    this.items = suggestions.filter(function (item) { return sameSite(item.url) && item.label; });
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    if (!this.items.length) {
      this.close();
      this.status.textContent = this.texts.none;
      return;
    }
    for (var i = 0; i < this.items.length; i++) {
      var option = document.createElement("li");
      option.id = list.id + "-" + i;
      option.className = "search-suggestion";
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(i));
      var label = document.createElement("span");
      label.className = "suggestion-label";
      label.textContent = this.items[i].label;
      option.appendChild(label);
      if (this.items[i].context) {
        var context = document.createElement("span");
        context.className = "suggestion-context";
        context.textContent = this.items[i].context;
        option.appendChild(context);
      }
      list.appendChild(option);
    }
    list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    var count = this.items.length;
    this.status.textContent = count === 1 ? this.texts.one : this.texts.many.replace("{count}", String(count));
  };

  Combobox.prototype.isOpen = function () {
    return !this.list.hidden;
  };

  Combobox.prototype.close = function () {
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
  };

  Combobox.prototype.highlight = function (index) {
    var options = this.list.querySelectorAll("[role=option]");
    if (!options.length) {
      return;
    }
    if (index < 0) {
      index = options.length - 1;
    } else if (index >= options.length) {
      index = 0;
    }
    for (var i = 0; i < options.length; i++) {
      options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      options[i].classList.toggle("is-active", i === index);
    }
    this.active = index;
    this.input.setAttribute("aria-activedescendant", options[index].id);
    if (options[index].scrollIntoView) {
      options[index].scrollIntoView({ block: "nearest" });
    }
  };

  Combobox.prototype.open = function (index) {
    if (!this.items.length) {
      return;
    }
    this.list.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
    this.highlight(index);
  };

  Combobox.prototype.go = function (index) {
    var item = this.items[index];
    if (item && sameSite(item.url)) {
      this.close();
      window.location.assign(item.url);
    }
  };

  Combobox.prototype.onKeydown = function (event) {
    switch (event.key) {
      case "ArrowDown":
      case "Down":
        event.preventDefault();
        if (this.isOpen()) {
          this.highlight(this.active + 1);
        } else {
          this.open(0);
        }
        break;
      case "ArrowUp":
      case "Up":
        event.preventDefault();
        if (this.isOpen()) {
          this.highlight(this.active - 1);
        } else {
          this.open(this.items.length - 1);
        }
        break;
      case "Enter":
        if (this.isOpen() && this.active >= 0) {
          event.preventDefault();
          this.go(this.active);
        } else {
          this.close();  // the form submits the words typed
        }
        break;
      case "Escape":
      case "Esc":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
          this.lastQuery = null;
        }
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Combobox.prototype.onBlur = function () {
    this.close();
  };

  Combobox.prototype.onClick = function (event) {
    var option = event.target.closest ? event.target.closest("[role=option]") : null;
    if (option) {
      this.go(parseInt(option.getAttribute("data-index"), 10));
    }
  };

  function enhance() {
    if (!window.fetch) {
      return;
    }
    var inputs = document.querySelectorAll("form.search-form input[name=q]");
    for (var i = 0; i < inputs.length; i++) {
      new Combobox(inputs[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
