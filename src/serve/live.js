// jieshui serve: reloads this page after each good rebuild (keeping the scroll position) and
// shows the errors of a failed one over the page. Injected by `jieshui serve` only.
(() => {
  "use strict";
  const me = document.currentScript;
  const build = me ? me.dataset.build : "";
  const key = "jieshui-scroll:" + location.pathname + location.search;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const [x, y] = saved.split(",").map(Number);
    const restore = () => window.scrollTo(x || 0, y || 0);
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore);
  }

  let overlay = null;
  function show(errors) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "__jieshui_overlay";
      overlay.setAttribute("role", "alert");
      overlay.lang = "__JIESHUI_LANG__";
      overlay.style.cssText =
        "position:fixed;inset:0 0 auto 0;max-height:80vh;overflow:auto;z-index:2147483647;" +
        "background:#fff5f5;color:#1a1a1a;border-bottom:4px solid #c62828;" +
        "box-shadow:0 4px 16px rgba(0,0,0,.3);padding:12px 16px;font:14px/1.5 sans-serif";
      const head = document.createElement("div");
      head.style.cssText = "display:flex;justify-content:space-between;gap:1em;font-weight:bold";
      const title = document.createElement("span");
      title.textContent = "__JIESHUI_TITLE__";
      const close = document.createElement("button");
      close.type = "button";
      close.textContent = "×";
      close.setAttribute("aria-label", "__JIESHUI_CLOSE__");
      close.onclick = () => { overlay.style.display = "none"; };
      head.append(title, close);
      const pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:8px 0 0;font:13px/1.5 monospace";
      overlay.append(head, pre);
    }
    overlay.lastChild.textContent = errors.join("\n\n");
    overlay.style.display = "block";
    if (!overlay.isConnected) document.body.appendChild(overlay);
  }
  function hide() {
    if (overlay) overlay.remove();
  }

  // Only a visible page listens: a browser opens few connections per host, and hidden tabs
  // holding streams open would leave none for loading pages. A page shown again reconnects
  // and hears the current state, so it still reloads if the site changed meanwhile.
  let events = null;
  function onState(e) {
    let state;
    try {
      state = JSON.parse(e.data);
    } catch (_) {
      return;
    }
    if (state.build !== build) {
      sessionStorage.setItem(key, window.scrollX + "," + window.scrollY);
      disconnect();
      location.reload();
    } else if (state.errors.length > 0) {
      show(state.errors);
    } else {
      hide();
    }
  }
  function connect() {
    if (events) return;
    events = new EventSource("/__jieshui/events");
    events.addEventListener("state", onState);
  }
  function disconnect() {
    if (events) events.close();
    events = null;
  }
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") disconnect();
    else connect();
  });
  if (document.visibilityState !== "hidden") connect();
})();
