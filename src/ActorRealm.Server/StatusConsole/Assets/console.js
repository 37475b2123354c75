// ActorRealm status console: plain JavaScript, no build step, no asset from outside the node (ADR 0077).
// Everything the server sends is put into the page as text (textContent), never as HTML.
"use strict";

const CSRF = { "X-ActorRealm-Console": "1" };
let stream = null;
let latest = null;

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const badge = (text, kind) => el("span", { class: "badge " + (kind || "") }, text);
const time = (iso) => iso ? new Date(iso).toLocaleTimeString([], { hour12: false }) : "";
const num = (v) => v === null || v === undefined ? "–" : String(v);
const show = (id, visible) => { document.getElementById(id).hidden = !visible; };
function fill(id, ...children) { document.getElementById(id).replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false)); }

// ---- log in, snapshot, stream ----

async function start() {
  const answer = await fetch("/api/console/snapshot", { credentials: "same-origin" });
  if (answer.status === 401) { showLogin(""); return; }
  render(await answer.json());
  showConsole();
  connect();
}

function showLogin(message) {
  if (stream) { stream.close(); stream = null; }
  show("console-view", false); show("login-view", true); show("logout", false);
  document.getElementById("login-error").textContent = message;
  setConnection("logged out", "muted");
  document.getElementById("token").focus();
}

function showConsole() { show("login-view", false); show("console-view", true); show("logout", true); }

async function login(event) {
  event.preventDefault();
  const token = document.getElementById("token").value;
  const answer = await fetch("/console/login", { method: "POST", credentials: "same-origin", headers: { ...CSRF, "Content-Type": "application/json" }, body: JSON.stringify({ token }) });
  document.getElementById("token").value = "";
  if (!answer.ok) {
    const body = await answer.json().catch(() => ({}));
    document.getElementById("login-error").textContent = `Log-in refused (${answer.status}): ${body.error || answer.statusText}`;
    return;
  }
  await start();
}

async function logout() {
  await fetch("/console/logout", { method: "POST", credentials: "same-origin", headers: CSRF });
  showLogin("Logged out.");
}

function connect() {
  if (stream) stream.close();
  stream = new EventSource("/api/console/stream");
  stream.addEventListener("snapshot", (e) => { setConnection("live " + time(new Date().toISOString()), "ok"); render(JSON.parse(e.data)); });
  stream.onerror = async () => {
    setConnection("reconnecting…", "warn");
    // The browser retries by itself; a lost session shows the log-in form instead.
    const check = await fetch("/api/console/snapshot", { credentials: "same-origin" }).catch(() => null);
    if (check && check.status === 401) showLogin("The session ended; log in again.");
  };
}

function setConnection(text, kind) {
  const node = document.getElementById("connection");
  node.textContent = text;
  node.className = "badge " + kind;
}

// ---- panels ----

function render(snapshot) {
  latest = snapshot;
  const s = snapshot.status;
  document.getElementById("realm").textContent = `realm ${s.realm}`;
  document.getElementById("who").textContent = `seen from realm server ${s.node} (site ${s.site}, ${s.status}) at ${time(s.timestamp)}`;
  renderSites(s);
  renderQuorum(s);
  renderWhatIf(snapshot.whatIf);
  renderPersistence(snapshot.persistence, snapshot.persistenceError, s);
  renderEvents(snapshot.events, snapshot.eventsSince);
  renderOperations(s, snapshot.persistence);
}

function renderSites(s) {
  const byAddress = new Map(s.members.map((m) => [m.address, m]));
  fill("sites", s.sites.map((site) => el("div", { class: "site", "data-site": site.name },
    el("h3", {}, site.name, site.prime ? badge(`PRIME · epoch ${s.primeEpoch}`, "prime") : null),
    el("table", {},
      el("thead", {}, el("tr", {}, el("th", {}, "Node"), el("th", {}, "Address"), el("th", {}, "Status"), el("th", {}, "Reachable"))),
      el("tbody", {}, site.nodes.map((address) => {
        const m = byAddress.get(address);
        const status = m ? m.status : "absent";
        const reachable = m ? m.reachable : false;
        return el("tr", { "data-address": address },
          el("td", {}, m ? m.node : "–", m && m.isSelf ? " (this server)" : "", m && m.isLeader ? " ★" : ""),
          el("td", {}, address),
          el("td", { class: "status" }, badge(status, status === "up" ? "ok" : status === "down" || status === "removed" ? "bad" : "warn")),
          el("td", { class: "reachable" }, badge(reachable ? "reachable" : "unreachable", reachable ? "ok" : "bad")));
      }))))),
    s.primeSwitch ? el("p", { class: "hint" }, `Prime switched by ${s.primeSwitch.switchedBy} at ${new Date(s.primeSwitch.switchedAt).toLocaleString()}`) : null);
}

function renderQuorum(s) {
  fill("quorum",
    el("div", { class: "big " + (s.hasQuorum ? "ok" : "bad") }, s.hasQuorum ? "Quorum" : "No quorum"),
    el("p", {}, s.quorum.explanation),
    el("dl", { class: "kv" },
      el("dt", {}, "Reason"), el("dd", {}, s.quorum.reason),
      el("dt", {}, "Reachable"), el("dd", {}, `${s.quorum.reachable} of ${s.quorum.total} members`),
      el("dt", {}, "Prime site"), el("dd", {}, `${s.primeSite} (epoch ${s.primeEpoch})`),
      el("dt", {}, "Serving"), el("dd", {}, s.serving ? "yes" : "no"),
      el("dt", {}, "Ready"), el("dd", {}, s.ready ? "yes" : "no")));
}

function renderWhatIf(forecast) {
  if (!forecast.length) { fill("whatif", el("p", { class: "hint" }, "No forecast: the layout is not known yet.")); return; }
  fill("whatif", forecast.map((f) => el("div", { class: "whatif " + (f.keepsQuorum ? "ok" : "bad"), "data-site": f.site },
    el("div", {}, el("strong", {}, `If site ${f.site}${f.prime ? " (prime)" : ""} is lost now: `),
      badge(f.keepsQuorum ? "keeps quorum" : "loses quorum", f.keepsQuorum ? "ok" : "bad")),
    el("div", { class: "hint" }, f.quorumAfter),
    el("div", { class: "action" }, f.action))));
}

function renderPersistence(p, error, s) {
  if (!p) { fill("persistence", el("p", { class: "hint" }, error || "This realm defines no persistence sets.")); return; }
  fill("persistence", error ? el("p", { class: "error" }, error) : null,
    el("p", { class: "hint" }, `Realm server ${p.realmServer}'s view (site ${p.site}, standby replication ${p.standbyReplication}): its clients live, every other server defined in the realm offline.`),
    p.sets.map((set) => {
      const leader = set.servers.find((v) => v.name === set.leader && v.standbyLagMessages !== null);
      return el("div", { class: "set", "data-set": set.name },
        el("h3", {}, set.name, badge(set.role || "role unknown here", set.role === "primary" ? "prime" : ""), `site ${set.site}`,
          badge(`leader ${set.leader || "–"}`), badge(`${set.live} of ${set.servers.length} live here`, set.live ? "ok" : "muted")),
        el("div", { class: "caption" }, `${p.realmServer}'s view of persistence servers in the ${set.role || ""} set ${set.name}${set.epoch !== null ? ` · persistence epoch ${set.epoch}` : ""}`),
        el("table", {},
          el("thead", {}, el("tr", {}, ["Server", "Address", "State", "Role", "Term", "Last index", "Committed", "Lag", "Serving", "Summary"].map((h) => el("th", {}, h)))),
          el("tbody", {}, set.servers.map((v) => el("tr", { class: v.state, "data-server": v.name },
            el("td", {}, v.name), el("td", {}, v.address), el("td", {}, badge(v.state, v.state === "live" ? "ok" : "muted")),
            el("td", {}, v.role || "–"), el("td", { class: "num" }, num(v.term)), el("td", { class: "num" }, num(v.lastIndex)),
            el("td", { class: "num" }, num(v.committedIndex)), el("td", { class: "num" }, num(v.lagBehindLeader)),
            el("td", {}, v.serving === null ? "–" : v.serving ? "yes" : "no"), el("td", {}, v.summary))))),
        leader ? el("div", { class: "rpo" }, `Standby lag (live RPO) of ${leader.name}: ${leader.standbyLagMessages} messages, ${leader.standbyLagBytes} bytes, ${(leader.standbyLagSeconds || 0).toFixed(1)} s`) : null,
        set.notes.map((n) => el("p", { class: "error" }, n)));
    }));
}

function renderEvents(events, since) {
  fill("events", events.length
    ? el("ol", {}, events.map((e) => el("li", { "data-kind": e.kind }, el("time", { datetime: e.at }, time(e.at)), badge(e.kind), " ", e.message)))
    : el("p", { class: "hint" }, `No events since ${time(since)} (when this realm server started).`));
}

// ---- operations: each asks for a typed confirmation that names the site confirmed down ----

// The likely choice first: the sets this realm server does not know as primary, and the primary set's site as the one
// confirmed down. The operator still has to type the site (or set) to confirm.
const notPrimaryFirst = (sets) => [...sets].sort((a, b) => (a.role === "primary") - (b.role === "primary")).map((x) => x.name);
const primarySiteFirst = (s, p) => {
  const site = (p.sets.find((x) => x.role === "primary") || {}).site;
  return [...s.sites.map((x) => x.name)].sort((a, b) => (b === site) - (a === site));
};

const operations = [
  { id: "prime", title: "Switch the prime site", url: "/api/prime",
    fields: (s) => [["site", "New prime site", s.sites.map((x) => x.name).filter((x) => x !== s.primeSite)], ["confirmSiteDown", "Site confirmed down", [s.primeSite]]],
    confirm: (v) => ({ word: v.confirmSiteDown, text: `Make site '${v.site}' the prime site. You confirm that site '${v.confirmSiteDown}' is DOWN (not only cut off): a prime site that still runs would keep serving.` }) },
  { id: "cutover", title: "Persistence cut-over", url: "/api/persistence/cutover", needsSets: true,
    fields: (s, p) => [["toSet", "Standby set to make primary", notPrimaryFirst(p.sets)], ["confirmSiteDown", "Site confirmed down", primarySiteFirst(s, p)]],
    confirm: (v) => ({ word: v.confirmSiteDown, text: `Make ${v.toSet} the primary set now. You confirm that site '${v.confirmSiteDown}' (the primary set's site) is DOWN; what its set had not replicated is exported, not served.` }) },
  { id: "migrate", title: "Persistence migration (planned)", url: "/api/persistence/migrate", needsSets: true,
    fields: (s, p) => [["toSet", "Set to make primary", notPrimaryFirst(p.sets)]],
    confirm: (v) => ({ word: v.toSet, text: `Migrate the primary role to ${v.toSet}: publishes pause while the standby catches up, then it takes over. No site is confirmed down.` }) },
];

let operationsKey = "";

function renderOperations(s, p) {
  // Rebuilt only when the choices change, so an operator's half-filled form survives the live updates.
  const key = JSON.stringify([s.sites.map((x) => x.name), s.primeSite, p ? p.sets.map((x) => [x.name, x.role, x.site]) : null]);
  if (key === operationsKey) return;
  operationsKey = key;
  fill("operations", operations.filter((op) => !op.needsSets || p).map((op) => {
    const form = el("form", { class: "op", "data-operation": op.id });
    const result = el("div", { class: "result", role: "status" });
    const confirmBox = el("div", { class: "confirm", hidden: true });
    const selects = op.fields(s, p).map(([name, label, options]) =>
      el("label", {}, label, el("select", { name }, options.map((o) => el("option", { value: o }, o)))));
    form.append(el("h3", {}, op.title), ...selects,
      el("button", { type: "button", class: "secondary", onclick: () => review(op, form, confirmBox, result) }, "Review…"), confirmBox, result);
    return form;
  }));
}

function values(form) {
  const v = {};
  for (const select of form.querySelectorAll("select")) v[select.name] = select.value;
  return v;
}

function review(op, form, box, result) {
  const v = values(form);
  const { word, text } = op.confirm(v);
  const input = el("input", { name: "confirm", autocomplete: "off", "aria-label": `Type ${word} to confirm` });
  const go = el("button", { type: "button", disabled: true }, "Confirm");
  input.addEventListener("input", () => { go.disabled = input.value.trim() !== word; });
  go.addEventListener("click", () => run(op, v, box, result));
  box.replaceChildren(el("p", {}, text), el("label", {}, `Type ${word} to confirm:`, input), " ", go, " ",
    el("button", { type: "button", class: "secondary", onclick: () => { box.hidden = true; } }, "Cancel"));
  box.hidden = false;
  result.textContent = "";
  input.focus();
}

async function run(op, v, box, result) {
  box.hidden = true;
  result.className = "result";
  result.textContent = "Asking the realm server…";
  const body = { ...v, requestedBy: "status console" };
  let answer;
  try {
    answer = await fetch(op.url, { method: "POST", credentials: "same-origin", headers: { ...CSRF, "Content-Type": "application/json" }, body: JSON.stringify(body) });
  } catch (e) {
    result.className = "result bad";
    result.textContent = `No answer from the realm server: ${e}`;
    return;
  }
  if (answer.status === 401) { showLogin("The session ended; log in again."); return; }
  const r = await answer.json().catch(() => ({}));
  const accepted = answer.ok && (r.accepted === true || r.outcome === "accepted");
  result.className = "result " + (accepted ? "ok" : "bad");
  result.textContent = accepted
    ? `Accepted: ${r.message}`
    : `Refused${r.reason ? ` (${r.reason})` : r.outcome ? ` (${r.outcome})` : ""}: ${r.message || r.error || answer.statusText}`;
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("login-form").addEventListener("submit", login);
  document.getElementById("logout").addEventListener("click", logout);
  start().catch((e) => showLogin(`The realm server did not answer: ${e}`));
});
