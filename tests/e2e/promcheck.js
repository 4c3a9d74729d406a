// promcheck.js: a strict parser of the Prometheus text exposition format
// (version 0.0.4): every line a comment of a known kind or a sample whose
// metric was declared by TYPE, histograms complete and cumulative.
"use strict";
const fs = require("fs");
const text = fs.readFileSync(process.argv[2], "utf8");
const name = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const label = `[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\\\\n]|\\\\[\\\\"n])*"`;
const sample = new RegExp(`^(${name})(?:\\{(${label}(?:,${label})*)?\\})? ` +
    `(-?[0-9.eE+-]+|\\+Inf|-Inf|NaN)$`);
const types = {};
const buckets = {};
let problems = 0;
const bad = (n, why) => { console.error(`line ${n}: ${why}`); problems++; };

if (!text.endsWith("\n")) bad(0, "no final newline");
text.split("\n").slice(0, -1).forEach((line, i) => {
  const n = i + 1;
  let m;
  if ((m = /^# TYPE (\S+) (counter|gauge|histogram|summary|untyped)$/.exec(line))) {
    if (types[m[1]]) bad(n, `second TYPE for ${m[1]}`);
    types[m[1]] = m[2];
    return;
  }
  if (/^# HELP \S+ .*$/.test(line)) return;
  if (line.startsWith("#")) return bad(n, "unknown comment");
  if (!(m = sample.exec(line))) return bad(n, `not a sample: ${line}`);
  const base = m[1].replace(/_(bucket|sum|count)$/, "");
  const type = types[m[1]] || (types[base] === "histogram" && types[base]);
  if (!type) return bad(n, `sample before its TYPE: ${m[1]}`);
  if (type === "histogram" && m[1].endsWith("_bucket")) {
    const key = (m[2] || "").replace(/,?le="[^"]*"/, "");
    const le = /le="([^"]*)"/.exec(m[2] || "");
    if (!le) return bad(n, "bucket without le");
    const v = Number(m[3]);
    const prev = buckets[key];
    if (prev !== undefined && v < prev) bad(n, "buckets not cumulative");
    buckets[key] = le[1] === "+Inf" ? undefined : v;
  }
});
process.exit(problems ? 1 : 0);
