// Loads a live stream only when the visitor asks for it: no request to Facebook or YouTube
// before the click. Without JavaScript the plain link to the stream remains.
(function () {
  "use strict";
  document.querySelectorAll(".stream[data-embed]").forEach(function (box) {
    var src = box.getAttribute("data-embed");
    if (!src) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = box.getAttribute("data-button");
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = src;
      frame.title = box.getAttribute("data-title");
      frame.className = "stream-frame";
      frame.setAttribute("allow", "autoplay; encrypted-media; picture-in-picture");
      frame.setAttribute("allowfullscreen", "");
      button.replaceWith(frame);
      frame.focus();
    });
    box.insertBefore(button, box.firstChild);
  });
})();
