#!/usr/bin/env python3
"""Seeds one meeting with 30 agenda items and 50 material files through the API
(as the people who would act), runs it to the point where every item is voted
and decided, and prints the meeting id. Usage: meeting_seed.py BASE_URL"""
import json
import sys
import urllib.request
import uuid

BASE = sys.argv[1].rstrip("/")
PW = "fazhi-demo"


def call(method, path, token=None, body=None, raw=None, ctype="application/json"):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if data is not None:
        req.add_header("Content-Type", ctype)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")


def login(user):
    return call("POST", "/api/v1/auth/login", body={"username": user, "password": PW})["token"]


def upload(token, org_id, item_id, name, content):
    b = uuid.uuid4().hex
    parts = []
    for k, v in (("org_id", str(org_id)), ("entity", "meeting_item"), ("entity_id", str(item_id))):
        parts.append(f"--{b}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n".encode())
    parts.append(f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{b}--\r\n".encode())
    return call("POST", "/api/v1/attachments", token, raw=b"".join(parts), ctype=f"multipart/form-data; boundary={b}")["id"]


office, leader = login("xilian-office"), login("xilian-leader")
deputies = [login(f"xilian-deputy{i}") for i in (1, 2, 3)]
some = call("GET", "/api/v1/meetings?f_state=approved&limit=1", office)["items"][0]["id"]
detail = call("GET", f"/api/v1/meetings/{some}", office)
type_id, org_id = detail["meeting_type"]["id"], detail["org_id"]
users = {a["name"]: a["user_id"] for a in detail["attendance"]}
mid = call("POST", "/api/v1/meetings", office, {"type_id": type_id, "meeting_date": "2027-06-07", "title": "领导班子联席会议（基准测试：30项议题）"})["id"]
items = []
for i in range(30):
    it = call("POST", "/api/v1/meeting-items", office, {
        "org_id": org_id, "title": f"研究第{i + 1}项重点工作推进方案", "proposer_unit": "党政办",
        "summary": "提请会议研究。" * 20, "research_notes": "会前已征求各村（社区）和相关办（所）意见。" * 5})["id"]
    call("POST", f"/api/v1/meeting-items/{it}/accept", office, {"meeting_id": mid})
    items.append(it)
for j in range(50):
    item = items[j % 30]
    att = upload(office, org_id, item, f"材料{j + 1:02d}（送审稿）.txt", ("会议材料正文。" * 200).encode())
    call("POST", f"/api/v1/meeting-items/{item}/materials", office, {"attachment_id": att, "public": j % 2 == 0})
call("POST", f"/api/v1/meetings/{mid}/notice", office, {})
call("POST", f"/api/v1/meetings/{mid}/start", office, {})
for uid in users.values():
    call("POST", f"/api/v1/meetings/{mid}/attendance", office, {"user_id": uid, "presence": "present"})
d3 = [v for k, v in users.items() if k.startswith("周伟东")][0]
for n, it in enumerate(items):
    call("POST", f"/api/v1/meeting-items/{it}/notes", office, {"user_id": d3, "body": "建议进一步细化责任分工和完成时限。"})
    for k, t in enumerate(deputies):
        choice = "disagree" if (k == 2 and n % 5 == 0) else "agree"
        call("POST", f"/api/v1/meeting-items/{it}/vote", t, {"choice": choice, "opinion": "建议再调研" if choice == "disagree" else ""})
    call("POST", f"/api/v1/meeting-items/{it}/vote", leader, {"choice": "agree"})
    call("POST", f"/api/v1/meeting-items/{it}/decide", office, {"outcome": "adopt", "text": "会议同意，由党政办牵头落实。"})
print(mid)
