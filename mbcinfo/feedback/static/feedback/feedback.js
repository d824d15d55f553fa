/* "Did this page help?" and "Report a problem": with JavaScript, the answer replaces the form in
   place instead of loading the thank-you page. The same plain form post is sent (no cookie, no
   extra data); without JavaScript the browser posts it and shows the page the server answers. */
"use strict";

async function sendInPlace(form, data) {
  const region = form.closest("[data-feedback], [data-feedback-result]");
  const response = await fetch(form.action, {method: "POST", body: data, credentials: "omit"});
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const result = page.querySelector("[data-feedback-result]");
  if (!result) {
    throw new Error("no result in the answer");
  }
  const shown = document.importNode(result, true);
  shown.setAttribute("role", "status");
  region.replaceChildren(...(region.matches("[data-feedback]") ? [region.querySelector("h2"), shown] : shown.childNodes));
  if (region.matches("[data-feedback]")) {
    shown.focus();
  } else {
    region.focus();
  }
  enhance(region);
}

function enhance(root) {
  for (const form of root.querySelectorAll("form[data-feedback-form]")) {
    form.addEventListener("submit", (event) => {
      if (form.dataset.plain) {
        return;  // sending in place failed: let the browser post the form itself
      }
      event.preventDefault();
      const button = event.submitter;
      const data = new FormData(form, button);
      if (button) {
        button.disabled = true;
      }
      sendInPlace(form, data).catch(() => {
        form.dataset.plain = "1";
        if (button) {
          button.disabled = false;
        }
        form.requestSubmit(button);
      });
    });
  }
}

enhance(document);
