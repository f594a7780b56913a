#!/usr/bin/env python3
"""bench/checkout_cycles.py BASE TOKEN KEY N — N checkout+return cycles of one key through the API."""
import datetime
import json
import sys
import urllib.request

# A 1x1 PNG: outsiders sign for the key (KY-2).
SIGNATURE = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
base, token, key, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


def post(path, body):
    request = urllib.request.Request(base + "/api/v1" + path, data=json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


for _ in range(count):
    due = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    checkout = post(f"/keys/{key}/checkouts", {"borrowerKind": "outsider", "borrowerName": "压测", "borrowerPhone": "13800000000",
                                               "borrowerIDNumber": "440106198001011234", "purpose": "bench", "expectedReturnAt": due,
                                               "signature": SIGNATURE})
    post(f"/checkouts/{checkout['id']}/return", {"condition": "good"})
