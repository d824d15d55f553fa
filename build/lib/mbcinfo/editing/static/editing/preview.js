/* Live preview, shown as readers will see it.
 *
 * markdownx posts the text to our markdownify view and puts the sanitised HTML it gets back
 * into its own (hidden) preview box, then fires "markdownx.update". We copy that HTML into a
 * same-origin frame that loads the public stylesheet, so the admin's styles never mix with the
 * site's. No inline script or style anywhere: this works under a strict Content-Security-Policy.
 */
(function () {
  "use strict";

  function connect(editor) {
    var frame = editor.querySelector(".editing-preview-frame");
    if (!frame || frame.hasAttribute("data-editing-connected")) {
      return;
    }
    frame.setAttribute("data-editing-connected", "");
    var latest = null;

    function show() {
      var doc = frame.contentDocument;
      var target = doc && doc.getElementById("preview-body");
      if (!target || latest === null) {
        return;
      }
      target.innerHTML = latest;
      // Grow the frame to its content, so the page scrolls rather than a box inside it.
      frame.style.height = Math.max(doc.documentElement.scrollHeight, 300) + "px";
    }

    editor.addEventListener("markdownx.update", function (event) {
      latest = event.detail && event.detail.length ? String(event.detail[0]) : "";
      show();
    });
    frame.addEventListener("load", show);
  }

  function connectAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".editing-editor"), connect);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", connectAll);
  } else {
    connectAll();
  }
})();
