// livecheck.js: read a video's growing ladder in a tight loop while it
// transcodes, and check every read: each playlist is whole and every
// segment it lists is there and whole (its boxes add up to its size).
// Usage: node livecheck.js HLS_DIR STOP_FILE; prints one JSON line.
'use strict';
const fs = require('fs');
const path = require('path');

const [dir, stop] = process.argv.slice(2);
const seen = { lists: 0, segments: 0, bad: [] };

// The top-level boxes of buf: their types, or null when they do not add up.
function boxes(buf) {
	const types = [];
	let off = 0;
	while (off < buf.length) {
		if (off + 8 > buf.length)
			return null;
		let size = buf.readUInt32BE(off);
		if (size === 1) {
			if (off + 16 > buf.length)
				return null;
			size = Number(buf.readBigUInt64BE(off + 8));
		}
		if (size < 8 || off + size > buf.length)
			return null;
		types.push(buf.toString('latin1', off + 4, off + 8));
		off += size;
	}
	return types;
}

function bad(what) {
	if (seen.bad.length < 20)
		seen.bad.push(what);
}

// A file, or null when it is not there (the folder may have moved on).
function read(p) {
	try {
		return fs.readFileSync(p);
	} catch (e) {
		return null;
	}
}

function checkRung(rung) {
	const list = read(path.join(dir, rung, 'playlist.m3u8'));
	if (list === null)
		return;
	seen.lists++;
	const lines = list.toString('utf8').split('\n');
	if (lines[0] !== '#EXTM3U' || lines[lines.length - 1] !== '')
		return bad(`${rung}: a playlist not whole`);
	let k = 0;
	for (let i = 1; i < lines.length; i++) {
		const l = lines[i];
		if (l.startsWith('#EXTINF:')) {
			if (!/^[0-9]+\.[0-9]+,$/.test(l.slice(8)) ||
			    lines[i + 1] !== `${k}.m4s`)
				return bad(`${rung}: line ${i + 1}: ${l}`);
			const seg = read(path.join(dir, rung, `${k}.m4s`));
			if (seg === null) {
				if (fs.existsSync(dir))
					bad(`${rung}: ${k}.m4s listed, not there`);
				return;
			}
			const t = boxes(seg);
			if (t === null || !t.includes('moof') || !t.includes('mdat'))
				bad(`${rung}: ${k}.m4s not whole (${seg.length} bytes)`);
			seen.segments++;
			k++;
		}
	}
	if (k > 0) {
		const init = read(path.join(dir, rung, 'init.mp4'));
		const t = init === null ? null : boxes(init);
		if (init !== null && (t === null || !t.includes('moov')))
			bad(`${rung}: init.mp4 not whole`);
	}
}

function checkMaster() {
	const m = read(path.join(dir, 'master.m3u8'));
	if (m === null)
		return;
	seen.lists++;
	const text = m.toString('utf8');
	if (!text.startsWith('#EXTM3U\n') || !text.endsWith('\n'))
		bad('master.m3u8 not whole');
	for (const uri of text.split('\n').filter((l) => /^[0-9]+p\//.test(l)))
		if (!fs.existsSync(path.join(dir, uri)) && fs.existsSync(dir))
			bad(`master lists ${uri}, not there`);
}

while (!fs.existsSync(stop)) {
	let rungs = [];
	try {
		rungs = fs.readdirSync(dir).filter((d) => /^[0-9]+p$/.test(d));
	} catch (e) {
		rungs = [];
	}
	checkMaster();
	for (const r of rungs)
		checkRung(r);
}
console.log(JSON.stringify(seen));
process.exit(seen.bad.length === 0 ? 0 : 1);
