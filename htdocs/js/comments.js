// comments.js: the comments under a video without reloading the page. The
// page's forms (data-do: post, edit, delete, report) go through the JSON
// API instead, with the session's CSRF token in X-CSRF-Token, and "More
// comments" loads the next page in place. Without this script the same
// forms post and come back to the page. Text is only ever put in with
// textContent.
(function () {
  "use strict";
  var box = document.getElementById("comments");
  if (!box || !window.fetch) return;
  var base = document.documentElement.getAttribute("data-base") || "";
  var video = box.getAttribute("data-video");
  var csrf = box.getAttribute("data-csrf") || "";
  var list = document.getElementById("comment-list");
  var count = document.getElementById("comment-count");
  var problem = document.getElementById("comment-error");
  var reasons = ["spam", "abuse", "sexual", "violence", "copyright",
    "illegal", "other"];

  function flag(name) { return box.getAttribute("data-" + name) === "1"; }

  function el(tag, attrs, kids) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (kids || []).forEach(function (k) {
      e.appendChild(typeof k === "string" ? document.createTextNode(k) : k);
    });
    return e;
  }
  function hidden(name, value) {
    return el("input", { type: "hidden", name: name, value: value });
  }
  // A form like the page's: its action for the plain post, data-do for us.
  function form(path, what, kids, cls) {
    return el("form", { method: "post", action: base + path,
      "class": cls || "comment-form", "data-do": what },
      [hidden("csrf_token", csrf)].concat(kids));
  }
  function textarea(label, value) {
    var t = el("textarea", { name: "body", rows: "3", maxlength: "5000",
      required: "", "aria-label": label });
    t.value = value || "";
    return t;
  }
  function fold(cls, title, f) {
    return el("details", { "class": cls }, [el("summary", {}, [title]), f]);
  }

  function actions(c) {
    var path = "/videos/" + video + "/comments/" + c.id;
    var out = [];
    if (flag("open")) {
      out.push(fold("comment-reply", "Reply", form("/videos/" + video +
        "/comments", "post", [hidden("parent_id", c.id), textarea("Your reply"),
        el("button", { type: "submit" }, ["Reply"])])));
      if (c.mine)
        out.push(fold("comment-edit", "Edit", form(path + "/edit", "edit",
          [textarea("Your comment", c.body), el("button", { type: "submit" }, ["Save"])])));
    }
    var del = form(path + "/delete", "delete",
      [el("button", { type: "submit" }, ["Delete"])], "inline comment-delete");
    if (c.mine) {
      out.push(del);
      return el("div", { "class": "comment-actions" }, out);
    }
    var pick = el("select", { name: "reason", "aria-label": "Reason" },
      reasons.map(function (r) { return el("option", { value: r }, [r]); }));
    out.push(fold("comment-report", "Report", form(path + "/report", "report",
      [pick, el("input", { type: "text", name: "details", maxlength: "2000",
        placeholder: "details", "aria-label": "Details" }),
       el("button", { type: "submit" }, ["Report"])])));
    if (flag("moderator")) {
      out.push(del);
      var ban = form(path + "/ban", "ban", [el("input", { type: "text",
        name: "reason", required: "", maxlength: "500", placeholder: "ban reason",
        "aria-label": "Ban reason" }), el("button", { type: "submit" },
        ["Ban the author"])], "inline comment-ban");
      ban.removeAttribute("data-do");
      out.push(ban);
    }
    return el("div", { "class": "comment-actions" }, out);
  }

  // One comment as the page draws it (partials/comment.html).
  function render(c) {
    var li = el("li", { "class": "comment", id: "comment-" + c.id, "data-id": c.id });
    if (c.deleted) {
      li.appendChild(el("p", { "class": "comment-body comment-deleted" }, ["deleted"]));
    } else {
      var head = el("p", { "class": "comment-head" }, [
        el("strong", { "class": "comment-author" }, [c.author || ""]), " · ",
        el("time", { datetime: c.created_at }, [c.created_at])]);
      if (c.edited)
        head.append(" · ", el("span", { "class": "comment-edited" }, ["edited"]));
      li.appendChild(head);
      li.appendChild(el("p", { "class": "comment-body" }, [c.body]));
      if (flag("me")) li.appendChild(actions(c));
    }
    if (c.replies && c.replies.length)
      li.appendChild(el("ol", { "class": "comment-replies" }, c.replies.map(render)));
    return li;
  }

  function say(msg) { problem.textContent = msg || ""; }
  function bump(n) { count.textContent = String(Number(count.textContent) + n); }

  function call(method, path, body) {
    var opts = { method: method, credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf, Accept: "application/json" } };
    if (body) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(base + path, opts).then(function (r) {
      if (r.status === 204) return null;
      return r.json().then(function (j) {
        if (!r.ok) throw new Error(j.error ? j.error.message : "Failed (" + r.status + ").");
        return j;
      });
    });
  }

  function posted(c, f) {
    var node = render(c), parent;
    if (c.parent_id && (parent = document.getElementById("comment-" + c.parent_id))) {
      var ol = parent.querySelector(":scope > ol.comment-replies");
      if (!ol) parent.appendChild(ol = el("ol", { "class": "comment-replies" }));
      ol.appendChild(node);
    } else if (box.getAttribute("data-sort") === "oldest") {
      list.appendChild(node);
    } else {
      list.insertBefore(node, list.firstChild);
    }
    f.reset();
    var open = f.closest("details");
    if (open) open.open = false;
    bump(1);
  }

  // A deleted comment goes, or stays as "deleted" while replies hang on it.
  function deleted(li) {
    var parent = li.parentNode.closest("li.comment");
    if (li.querySelector(":scope > ol.comment-replies > li")) {
      li.replaceChildren(el("p", { "class": "comment-body comment-deleted" }, ["deleted"]),
        li.querySelector(":scope > ol.comment-replies"));
    } else {
      li.remove();
      if (parent && parent.querySelector(":scope > .comment-deleted") &&
          !parent.querySelector(":scope > ol.comment-replies > li"))
        parent.remove();
    }
    bump(-1);
  }

  function edited(c, li) {
    li.replaceWith(render(c));
  }

  box.addEventListener("submit", function (ev) {
    var f = ev.target, what = f.getAttribute("data-do");
    if (!what) return;
    ev.preventDefault();
    say("");
    var li = f.closest("li.comment"), id = li ? li.getAttribute("data-id") : null;
    var data = {};
    new FormData(f).forEach(function (v, k) { if (k !== "csrf_token") data[k] = v; });
    var done;
    if (what === "post")
      done = call("POST", "/api/v1/videos/" + video + "/comments", data)
        .then(function (c) { posted(c, f); });
    else if (what === "edit")
      done = call("PATCH", "/api/v1/comments/" + id, data)
        .then(function (c) { edited(c, li); });
    else if (what === "delete")
      done = call("DELETE", "/api/v1/comments/" + id)
        .then(function () { deleted(li); });
    else
      done = call("POST", "/api/v1/comments/" + id + "/reports", data)
        .then(function () { f.closest("details").replaceWith(el("span", {}, ["Reported."])); });
    done.catch(function (e) { say(e.message); });
  });

  var more = document.getElementById("comments-more");
  if (more) more.addEventListener("click", function (ev) {
    ev.preventDefault();
    say("");
    var q = "?sort=" + encodeURIComponent(box.getAttribute("data-sort")) +
      "&after=" + encodeURIComponent(box.getAttribute("data-next"));
    call("GET", "/api/v1/videos/" + video + "/comments" + q).then(function (page) {
      page.items.forEach(function (c) { list.appendChild(render(c)); });
      if (page.next) box.setAttribute("data-next", page.next);
      else more.parentNode.remove();
    }).catch(function (e) { say(e.message); });
  });
})();
