# payments-worker: the Python function of the demo repository (target "payments-worker").
import json


def handler(event, context):
    payment = event if isinstance(event, dict) else {}
    print(json.dumps({"level": "info", "msg": "payment settled", "id": payment.get("id")}))
    return {"settled": True, "id": payment.get("id")}
