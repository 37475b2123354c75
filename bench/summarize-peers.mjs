// Median (min-max) table of `bench publish --scenario ... --json` lines and the peers' lines, with msgs/s ratios
// to a base system (BASE, default nats).  node bench/summarize-peers.mjs results/*.jsonl
// No dependencies; reads every JSON line of the given files, ignores other lines, lists failed runs separately.
import { readFileSync } from "node:fs";

const base = process.env.BASE || "nats";
const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node bench/summarize-peers.mjs FILE.jsonl...");
  process.exit(2);
}

const runs = [];
for (const f of files) {
  for (const text of readFileSync(f, "utf8").split("\n")) {
    if (!text.startsWith("{")) continue;
    try { runs.push(JSON.parse(text)); } catch { /* not a result line */ }
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? null : n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
};
const nums = (rs, k) => rs.map((r) => r[k]).filter((v) => typeof v === "number" && Number.isFinite(v));
const fmt = (v) => (v === null ? "-" : Math.abs(v) >= 100 ? String(Math.round(v)) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2));
const cell = (rs, k) => {
  const v = nums(rs, k);
  if (v.length === 0) return "-";
  const m = fmt(median(v));
  return v.length === 1 ? m : `${m} (${fmt(Math.min(...v))}-${fmt(Math.max(...v))})`;
};
const sum = (rs, k) => { const v = nums(rs, k); return v.length ? String(v.reduce((a, b) => a + b, 0)) : "-"; };

const ok = runs.filter((r) => !r.error);
const failed = runs.filter((r) => r.error);
const order = ["sync", "window", "failover"];
const scenarios = [...new Set(ok.map((r) => r.scenario))].sort((a, b) => order.indexOf(a) - order.indexOf(b));
const systems = [...new Set(ok.map((r) => r.system))];

const header = ["system", "scenario", "runs", "msgs/s", `x ${base}`, "p50 ms", "p99 ms", "max gap ms", "lost acked", "dups",
  "unacked present", "retries", "client CPU s", "servers CPU s", "loadavg1 before"];
const rows = [header, header.map(() => "---")];
for (const scen of scenarios) {
  const baseRate = median(nums(ok.filter((r) => r.system === base && r.scenario === scen), "msgs_per_s"));
  for (const sys of systems) {
    const rs = ok.filter((r) => r.system === sys && r.scenario === scen);
    if (rs.length === 0) continue;
    const rate = median(nums(rs, "msgs_per_s"));
    const ratio = baseRate && rate !== null ? `${(rate / baseRate).toFixed(2)}x` : "-";
    rows.push([sys, scen, String(rs.length), cell(rs, "msgs_per_s"), ratio, cell(rs, "p50_ms"), cell(rs, "p99_ms"),
      cell(rs, "max_gap_ms"), sum(rs, "lost_acked"), sum(rs, "dups"), sum(rs, "unacked_present"), sum(rs, "retries"),
      cell(rs, "client_cpu_s"), cell(rs, "servers_cpu_s"), cell(rs, "loadavg1_before")]);
  }
}
console.log(rows.map((r) => `| ${r.join(" | ")} |`).join("\n"));
console.log(`\nEach cell: median (min-max) over the runs; lost acked, dups, unacked present and retries: sums. x ${base}: median msgs/s over ${base}'s median in the same scenario.`);
const incomplete = ok.filter((r) => r.complete === false || r.lost_acked === null);
if (incomplete.length) console.log(`Incomplete or unverified runs: ${incomplete.map((r) => `${r.system} ${r.scenario} rep ${r.rep ?? "?"}`).join(", ")}`);
if (failed.length) console.log(`Failed runs: ${failed.map((r) => `${r.system} ${r.scenario} rep ${r.rep ?? "?"} (${r.error})`).join(", ")}`);
