// rotate.js: mark the video track of an MP4 as turned 90 degrees clockwise
// (its tkhd display matrix), as a phone does, for the rotation tests:
// `node rotate.js FILE`. FFmpeg 5.1's command line cannot write one.
"use strict";
const fs = require("fs");
const f = process.argv[2];
const b = fs.readFileSync(f);
const at = b.indexOf("tkhd");
if (at < 0 || b[at + 4] !== 0) process.exit(1);	// version 0 boxes only
const m = at + 4 + 40;					// the 3x3 matrix
const v = [0, 0x10000, 0, -0x10000, 0, 0, 0, 0, 0x40000000];
v.forEach((x, i) => b.writeInt32BE(x, m + 4 * i));
fs.writeFileSync(f, b);
