// Search in the static site built by `adflows build`: finds scenarios by title, summary, or the name of any
// company, node or kind of data in them, from search-index.json beside the page. Text only (textContent),
// so a name in a model can never become markup. Without a server (file://) the index cannot be fetched:
// the form stays hidden and the cards below still list every scenario.
(function () {
  "use strict";
  var form = document.querySelector("form.site-search");
  if (!form || !window.fetch) return;
  var input = document.getElementById("search");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var MAX_NAMES = 5;
  var index = [];

  function matches(entry, words) {
    var found = [];
    var head = (entry.title + " " + entry.summary).toLowerCase();
    var headHit = words.every(function (w) { return head.indexOf(w) >= 0; });
    for (var i = 0; i < entry.names.length && found.length < MAX_NAMES; i++) {
      var name = entry.names[i].toLowerCase();
      if (words.every(function (w) { return name.indexOf(w) >= 0; })) found.push(entry.names[i]);
    }
    return headHit || found.length ? found : null;
  }

  function show() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    list.textContent = "";
    if (!words.length) { status.textContent = ""; return; }
    var hits = 0;
    index.forEach(function (entry) {
      var names = matches(entry, words);
      if (!names) return;
      hits++;
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = entry.url;
      link.textContent = entry.title;
      item.appendChild(link);
      if (names.length) {
        var what = document.createElement("span");
        what.className = "muted";
        what.textContent = " — " + names.join(", ");
        item.appendChild(what);
      }
      list.appendChild(item);
    });
    status.textContent = hits ? hits + (hits === 1 ? " scenario matches." : " scenarios match.") : "No scenario matches.";
  }

  fetch("search-index.json", { credentials: "omit" })
    .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
    .then(function (data) {
      index = Array.isArray(data) ? data : [];
      form.hidden = false;
      input.addEventListener("input", show);
      form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
    })
    .catch(function () { /* no index (opened from a file): the cards still list everything */ });
})();
