from handler import handler

assert handler({"id": "p-1"}, None) == {"settled": True, "id": "p-1"}
print("ok")
