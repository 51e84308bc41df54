// Resilience dashboard: re-fetches the server-rendered (HTML-encoded) fragment and swaps it in.
// No data is turned into markup here: the server encodes every name and message before it leaves.
"use strict";
(function () {
  const body = document.body;
  const main = document.getElementById("dashboard");
  const connection = document.getElementById("connection");
  const interval = Math.max(1000, Number(body.dataset.refreshMs) || 5000);
  const url = body.dataset.fragmentUrl;
  let refreshes = 0;

  async function refresh() {
    try {
      const response = await fetch(url, { cache: "no-store", credentials: "same-origin", headers: { "Accept": "text/html" } });
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }

      main.innerHTML = await response.text();
      refreshes += 1;
      main.dataset.refreshCount = String(refreshes);
      body.classList.remove("stale");
      connection.textContent = "";
    } catch (error) {
      body.classList.add("stale");
      connection.textContent = "Connection lost (" + error.message + "); retrying.";
    } finally {
      setTimeout(refresh, interval);
    }
  }

  setTimeout(refresh, Math.min(interval, 1000));
})();
