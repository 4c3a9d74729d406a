// jwt.js: forge access tokens for the tests: `node jwt.js KIND SECRET SUB`
// prints a token of that kind (valid, expired, none, wrongkey, hs384,
// noclaims, tampered) signed as vstream signs, or not.
"use strict";
const crypto = require("crypto");
const [kind, secret, sub] = process.argv.slice(2);
const b64 = (x) => Buffer.from(typeof x === "string" ? x : JSON.stringify(x))
  .toString("base64url");
const jwtKey = (s) => crypto.createHmac("sha256",
  crypto.createHmac("sha256", s).update("jwt").digest()).update("access").digest();
const now = Math.floor(Date.now() / 1000);
let header = { alg: "HS256", typ: "JWT" };
let claims = { iss: "vstream", sub, role: "user", iat: now, exp: now + 600 };
let key = jwtKey(secret), hash = "sha256";
switch (kind) {
case "expired": claims.iat = now - 1200; claims.exp = now - 600; break;
case "none": header.alg = "none"; break;
case "wrongkey": key = jwtKey("x".repeat(64)); break;
case "hs384": header.alg = "HS384"; hash = "sha384"; break;
case "noclaims": delete claims.role; break;
case "wrongiss": claims.iss = "other"; break;
}
const body = b64(header) + "." + b64(claims);
let sig = kind === "none" ? "" :
  crypto.createHmac(hash, key).update(body).digest("base64url");
let token = body + "." + sig;
if (kind === "tampered") {
  claims.role = "admin";
  token = b64(header) + "." + b64(claims) + "." + sig;
}
process.stdout.write(token);
