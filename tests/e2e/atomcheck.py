"""atomcheck.py: is a file a valid Atom 1.0 feed with what vstream puts in
it, its self link SELF? Prints one problem a line and exits 1 on any;
with TITLE, one entry must have exactly that title.
Usage: atomcheck.py FILE SELF [TITLE]"""
import sys
import xml.etree.ElementTree as ET

A = "{http://www.w3.org/2005/Atom}"
M = "{http://search.yahoo.com/mrss/}"
problems = []


def need(el, tag, where):
    found = el.find(A + tag)
    if found is None or (found.text or "").strip() == "":
        problems.append(f"{where}: no {tag}")
    return found


def links(el):
    return {l.get("rel", "alternate"): l.get("href", "") for l in el.findall(A + "link")}


root = ET.parse(sys.argv[1]).getroot()
if root.tag != A + "feed":
    problems.append(f"the root is {root.tag}, not an Atom feed")
for tag in ("id", "title", "updated"):
    need(root, tag, "feed")
author = root.find(A + "author")
if author is None or author.find(A + "name") is None:
    problems.append("feed: no author name")
feed_links = links(root)
if feed_links.get("self") != sys.argv[2]:
    problems.append(f"feed: self is {feed_links.get('self')}, want {sys.argv[2]}")
if not feed_links.get("alternate", "").startswith(sys.argv[2].rsplit("/u/", 1)[0] + "/u/"):
    problems.append("feed: no alternate link to the channel")
titles = []
for i, e in enumerate(root.findall(A + "entry")):
    for tag in ("id", "title", "updated", "published", "summary"):
        if e.find(A + tag) is None:
            problems.append(f"entry {i}: no {tag}")
    if not (e.findtext(A + "id") or "").startswith("urn:uuid:"):
        problems.append(f"entry {i}: id is not a urn:uuid")
    if "/videos/" not in links(e).get("alternate", ""):
        problems.append(f"entry {i}: no link to the video")
    thumb = e.find(M + "thumbnail")
    if thumb is None or not thumb.get("url", "").startswith("http"):
        problems.append(f"entry {i}: no absolute media:thumbnail")
    titles.append(e.findtext(A + "title"))
if len(sys.argv) > 3 and sys.argv[3] not in titles:
    problems.append(f"no entry titled {sys.argv[3]!r} in {titles!r}")
for p in problems:
    print("atom: " + p, file=sys.stderr)
sys.exit(1 if problems else 0)
