// The live queue: new alerts arrive as server-sent events and are added as rows. Every value is set with
// textContent, so post text never becomes markup here either.
(() => {
  "use strict";
  const body = document.querySelector("#queue tbody");
  const state = document.getElementById("live-state");
  const empty = document.getElementById("queue-empty");
  if (!body || !window.EventSource) return;
  const severities = new Set(["imminent", "credible", "concerning"]);

  const cell = (tr, text) => { const td = tr.insertCell(); td.textContent = text; return td; };
  const time = (iso) => new Date(iso).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");

  function row(a) {
    const tr = document.createElement("tr");
    const severity = severities.has(a.severity) ? a.severity : "concerning";
    tr.dataset.id = String(a.id);
    tr.className = "sev-" + severity + " fresh";
    const link = document.createElement("a");
    link.href = "/alerts/" + encodeURIComponent(a.id);
    link.textContent = "#" + a.id;
    tr.insertCell().append(link);
    cell(tr, time(a.raised_at));
    const sev = document.createElement("span");
    sev.className = "severity " + severity;
    sev.textContent = severity;
    tr.insertCell().append(sev);
    cell(tr, (a.entities || []).join(", "));
    const post = tr.insertCell();
    post.className = "post";
    const text = document.createElement("span");
    text.className = "text";
    text.textContent = a.text == null ? "deleted at its source" : a.text;
    post.append(text);
    if (a.uri && /^https?:\/\//.test(a.uri)) {
      const src = document.createElement("a");
      src.className = "source";
      src.href = a.uri;
      src.rel = "noopener noreferrer nofollow";
      src.target = "_blank";
      src.textContent = "source";
      post.append(" ", src);
    }
    const reasons = document.createElement("ul");
    reasons.className = "reasons";
    for (const r of a.reasons || []) { const li = document.createElement("li"); li.textContent = r; reasons.append(li); }
    tr.insertCell().append(reasons);
    const status = cell(tr, a.status);
    status.className = "status";
    return tr;
  }

  const source = new EventSource("/api/alerts/stream");
  source.addEventListener("open", () => { state.textContent = "live"; state.dataset.state = "live"; });
  source.addEventListener("error", () => { state.textContent = "reconnecting…"; state.dataset.state = "reconnecting"; });
  source.addEventListener("alert", (e) => {
    const a = JSON.parse(e.data);
    if (body.querySelector('tr[data-id="' + Number(a.id) + '"]')) return;
    body.prepend(row(a));
    if (empty) empty.hidden = true;
  });
})();
