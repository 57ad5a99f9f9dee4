// Regions that htmx polls (hx-trigger="every …") are replaced only when what they show has
// changed. The browser hands htmx the cached copy after a 304, so without this check the
// same nodes were replaced every few seconds: keyboard focus fell back to the page's start
// and screen readers lost their place. When a region does change, the element named by
// its data-poll-status (a role="status" element that stays on the page) says so, and the
// link that had the keyboard gets it back if it is still there.
(function () {
  "use strict";

  function visibleText(node) {
    return (node ? node.textContent : "").replace(/\s+/g, " ").trim();
  }

  var focused = null;

  function polled(target) {
    return /\bevery\b/.test(target.getAttribute("hx-trigger") || "");
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!polled(target) || !event.detail.shouldSwap) {
      return;
    }
    var page = new DOMParser().parseFromString(event.detail.serverResponse, "text/html");
    var selector = target.getAttribute("hx-select");
    var incoming = selector ? page.querySelector(selector) : page.body;
    if (incoming && visibleText(incoming) === visibleText(target)) {
      event.detail.shouldSwap = false;
      return;
    }
    // It changes: remember which link had the keyboard, to give it back after the swap.
    var active = document.activeElement;
    focused = target.contains(active) && active.getAttribute("href")
      ? { region: target.id, href: active.getAttribute("href") }
      : null;
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var status = document.getElementById(target.getAttribute("data-poll-status") || "");
    if (polled(target) && status) {
      status.textContent = target.getAttribute("data-poll-message") || "";
    }
    if (focused) {
      var region = document.getElementById(focused.region);
      var links = region ? region.querySelectorAll("a[href]") : [];
      for (var i = 0; i < links.length; i++) {
        if (links[i].getAttribute("href") === focused.href) {
          links[i].focus();
          break;
        }
      }
      focused = null;
    }
  });
})();
