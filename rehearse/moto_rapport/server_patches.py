"""Changes to moto's server itself: what running Rapport's stack offline, without Docker, needs,
and what makes it refuse what AWS would refuse (IAM evaluated against the resource named)."""

import base64
import json
from typing import Any

from moto.core.exceptions import JsonRESTError
from moto.dynamodb.responses import DynamoHandler
from moto.iam.access_control import IAMRequest
from moto.scheduler.responses import EventBridgeSchedulerResponse
from moto.secretsmanager.responses import SecretsManagerResponse
from moto.ssm.responses import SimpleSystemManagerResponse
from moto.sesv2.responses import SESV2Response
from moto.sns.responses import SNSResponse
from moto.sqs.models import Queue as SqsQueue
from moto.utilities.docker_utilities import DockerModel


def serve_queue_urls_from(base_url: str) -> None:
    """A queue's Ref is its URL, which moto writes as `https://sqs.<region>.amazonaws.com/...`;
    the SDK sends to a queue URL's own host, which does not exist offline. Ref then gives the
    emulator's address, as the emulator's GetQueueUrl answers."""

    def physical_resource_id(queue: Any) -> str:
        return f"{base_url}/{queue.account_id}/{queue.name}"

    setattr(SqsQueue, "physical_resource_id", property(physical_resource_id))


def tolerate_missing_docker() -> None:
    """moto's Lambda model opens a Docker client when any attribute lists it, and there is no
    Docker engine here: `/moto-api/data.json` (where the sent emails are read back) would fail
    once a function exists. Without Docker the client now reads as absent (AttributeError, which
    data.json skips); invoking a function through moto still fails, as it must."""
    original = DockerModel.docker_client

    def docker_client(model: Any) -> Any:
        try:
            return original.fget(model)  # type: ignore[union-attr]
        except Exception as error:  # docker.errors.DockerException, or docker not installed
            raise AttributeError(f"no Docker engine: {error}") from error

    setattr(DockerModel, "docker_client", property(docker_client))


def leave_queue_polling_to_the_caller() -> None:
    """moto runs a queue's event-source-mapped function (in Docker) inside SendMessage. Here the
    message stays in the queue, and whoever drives the emulator polls it the way the mapping
    would (receive a batch, invoke, delete what succeeded). The mapping itself stays listed."""
    original = SqsQueue.add_message

    def add_message(queue: Any, message: Any) -> None:
        mappings = queue.lambda_event_source_mappings
        queue.lambda_event_source_mappings = {}
        try:
            original(queue, message)
        finally:
            queue.lambda_event_source_mappings = mappings

    setattr(SqsQueue, "add_message", add_message)


def _dynamodb_table_arn(handler: Any) -> str:
    """The table (or index) a DynamoDB request names; a batch or transaction is judged by its
    first table, which is all Rapport's one-table design ever names."""
    body = handler.body if isinstance(handler.body, dict) else json.loads(handler.body or "{}")
    table = body.get("TableName")
    if not table:
        items = body.get("RequestItems") or {}
        table = next(iter(items), None)
    if not table:
        for item in body.get("TransactItems") or []:
            for operation in item.values():
                table = table or operation.get("TableName")
    if not table:
        return "*"
    arn = f"arn:aws:dynamodb:{handler.region}:{handler.current_account}:table/{table}"
    return f"{arn}/index/{body['IndexName']}" if body.get("IndexName") else arn


def _ses_identity_arn(handler: Any) -> str:
    """SES authorizes a send against the sending identity: the From address's domain."""
    body = json.loads(handler.body or "{}")
    sender = body.get("FromEmailAddress") or ""
    if not sender:
        raw = base64.b64decode(body.get("Content", {}).get("Raw", {}).get("Data", "") or b"").decode("utf-8", "replace")
        headers = raw.split("\r\n\r\n", 1)[0]
        sender = next((line[5:] for line in headers.split("\r\n") if line.lower().startswith("from:")), "")
    domain = sender.rsplit("@", 1)[-1].strip(" >\"'")
    return f"arn:aws:ses:{handler.region}:{handler.current_account}:identity/{domain}" if domain else "*"


def _schedule_arn(handler: Any) -> str:
    name = handler.uri.split("?")[0].rstrip("/").split("/")[-1]
    group = handler._get_param("GroupName") or handler._get_param("groupName") or "default"
    return f"arn:aws:scheduler:{handler.region}:{handler.current_account}:schedule/{group}/{name}"


def _secret_arn(handler: Any) -> str:
    secret_id = json.loads(handler.body or "{}").get("SecretId") or ""
    if secret_id.startswith("arn:"):
        return secret_id
    try:
        return handler.backend.describe_secret(secret_id).arn
    except Exception:  # an unknown secret: the call itself will say so
        return "*"


def _parameter_arn(handler: Any) -> str:
    name = json.loads(handler.body or "{}").get("Name") or ""
    if name.startswith("arn:"):
        return name
    return f"arn:aws:ssm:{handler.region}:{handler.current_account}:parameter/{name.lstrip('/')}" if name else "*"


def _topic_arn(handler: Any) -> str:
    return handler._get_param("TopicArn") or "*"


def enforce_iam_on_resources() -> None:
    """moto checks a caller's policies against the resource a request names only for S3, SQS and
    IAM; for every other service it checks them against "*", which no least-privilege statement
    matches. These give the services Rapport's functions call the resource AWS authorizes
    against, so a role missing a grant fails here as it would in AWS (docs/operations.md)."""
    for handler_class, resource in (
        (DynamoHandler, _dynamodb_table_arn),
        (SESV2Response, _ses_identity_arn),
        (EventBridgeSchedulerResponse, _schedule_arn),
        (SecretsManagerResponse, _secret_arn),
        (SimpleSystemManagerResponse, _parameter_arn),
        (SNSResponse, _topic_arn),
    ):
        setattr(handler_class, "_determine_resource", resource)
    _answer_access_denied_as_json()


class _AccessDenied(JsonRESTError):
    code = 403


# The services whose protocol is JSON: AWS answers them a JSON AccessDeniedException, which their
# SDKs read; moto answers XML, which they cannot parse, hiding the cause.
_JSON_SERVICES = {"dynamodb", "ses", "scheduler", "secretsmanager", "ssm", "lambda"}


def _answer_access_denied_as_json() -> None:
    original_check = IAMRequest.check_action_permitted
    original_raise = IAMRequest._raise_access_denied

    def check_action_permitted(request: Any, resource: str) -> None:
        request._rehearsal_resource = resource
        original_check(request, resource)

    def raise_access_denied(request: Any) -> None:
        if request._service not in _JSON_SERVICES:
            original_raise(request)
        raise _AccessDenied(
            "AccessDeniedException",
            f"User: {request._access_key.arn} is not authorized to perform: {request._action} "
            f"on resource: {getattr(request, '_rehearsal_resource', '*')} because no identity-based policy allows the {request._action} action",
        )

    setattr(IAMRequest, "check_action_permitted", check_action_permitted)
    setattr(IAMRequest, "_raise_access_denied", raise_access_denied)
