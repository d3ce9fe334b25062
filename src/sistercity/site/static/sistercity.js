/* Sister City Lab website: when the site is served by the course's JupyterHub, show the links that
   open each lesson live (/hub/user-redirect/lab/tree/...). Opened from a folder or any other host,
   nothing happens and nothing is fetched. */
function sistercityLiveLinks() {
  "use strict";
  if (!/^https?:$/.test(window.location.protocol)) return;
  var links = document.querySelectorAll("a.sistercity-live[data-notebook]");
  if (!links.length) return;
  fetch("/hub/api", { credentials: "same-origin" })
    .then(function (response) { return response.ok ? response.json() : null; })
    .then(function (info) {
      if (!info || !info.version) return;
      links.forEach(function (link) {
        var path = link.getAttribute("data-notebook").split("/").map(encodeURIComponent).join("/");
        link.href = "/hub/user-redirect/lab/tree/" + path;
        link.hidden = false;
      });
    })
    .catch(function () { /* not a hub: keep the links hidden */ });
}
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", sistercityLiveLinks);
} else {
  sistercityLiveLinks();
}
