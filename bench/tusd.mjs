// tusd.mjs: the reference tus server for `make bench-upload`: @tus/server
// with @tus/file-store on PORT, storing under DIR.
// Usage: node tusd.mjs PORT DIR
import http from "http";
import { Server } from "@tus/server";
import { FileStore } from "@tus/file-store";

const [port, dir] = process.argv.slice(2);
const tus = new Server({ path: "/files", datastore: new FileStore({ directory: dir }) });
http.createServer((req, res) => tus.handle(req, res)).listen(Number(port), "127.0.0.1");
