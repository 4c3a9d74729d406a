// slow.js: slow clients. Opens COUNT connections that each send a request's
// headers and the first bytes of its body, then one more byte every STEP
// seconds, for at most LIMIT seconds; the body is LENGTH bytes long. Prints one line per connection: the
// status the server answered, "closed" when it hung up without one, or
// "open" when it was still waiting at the limit.
// Usage: node slow.js METHOD URL COUNT STEP LIMIT LENGTH CONTENT-TYPE FIRST
//     [HEADER...]
"use strict";
const net = require("net");

const [method, url, count, step, limit, len, type, first, ...extra] =
	process.argv.slice(2);
const u = new URL(url);
const length = Number(len);
const head = [
	`${method} ${u.pathname} HTTP/1.1`,
	`Host: ${u.host}`,
	`Content-Type: ${type}`,
	`Content-Length: ${length}`,
	...extra,
	"", "",
].join("\r\n");

function one() {
	return new Promise((done) => {
		const s = net.connect(Number(u.port), u.hostname);
		let got = "", sent = 0, timer = null, over = null;
		const end = (what) => {
			clearInterval(timer);
			clearTimeout(over);
			s.destroy();
			done(what);
		};
		s.on("connect", () => {
			s.write(head + first);
			sent = first.length;
			timer = setInterval(() => {
				if (sent < length - 1) { s.write("x"); sent++; }
			}, Number(step) * 1000);
		});
		s.on("data", (d) => {
			got += d.toString("latin1");
			const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
			if (m) end(m[1]);
		});
		s.on("error", () => {});
		s.on("close", () => end("closed"));
		over = setTimeout(() => end("open"), Number(limit) * 1000);
	});
}

Promise.all(Array.from({ length: Number(count) }, one)).then((r) =>
	process.stdout.write(r.join("\n") + "\n"));
