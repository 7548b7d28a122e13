"""Calls a JSON-protocol operation with exactly the request body a test gives: botocore's serializer,
parameter checks and whole-second timestamps are bypassed by swapping the body in before signing
(members old botocore releases lack work too). Errors still raise ClientError."""
import json
import uuid

import botocore


def _exchange(client, operation, body, params):
    prefix = client.meta.service_model.endpoint_prefix
    answer = {}

    def replace(request, **_):
        request.data = json.dumps(body).encode()

    def keep(http_response, **_):
        answer["json"] = json.loads(http_response.content)

    client.meta.events.register(f"before-sign.{prefix}.{operation}", replace)
    client.meta.events.register(f"after-call.{prefix}.{operation}", keep)
    try:
        parsed = getattr(client, botocore.xform_name(operation))(**params)
    finally:
        client.meta.events.unregister(f"before-sign.{prefix}.{operation}", replace)
        client.meta.events.unregister(f"after-call.{prefix}.{operation}", keep)
    return parsed, answer["json"]


def send_raw(client, operation, body, **params):
    """The answer as botocore parses it; `params` only get the call past botocore's own checks."""
    return _exchange(client, operation, body, params)[0]


def wire(client, operation, **body):
    """The answer's JSON as tarn sent it, members this botocore does not know included. The body's
    required members are also passed to botocore, so that its checks let the call through."""
    model = client.meta.service_model.operation_model(operation)
    # As the SDKs do, an idempotency token the body lacks is filled in (DynamoDB's ImportTable requires one).
    for name, member in (model.input_shape.members.items() if model.input_shape else []):
        if member.metadata.get("idempotencyToken") and name not in body:
            body[name] = str(uuid.uuid4())
    required = {k: body[k] for k in (model.input_shape.required_members if model.input_shape else [])}
    return _exchange(client, operation, body, required)[1]
