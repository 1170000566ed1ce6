"""Three changes to moto's server itself that running Rapport's stack offline, without Docker, needs."""

from typing import Any

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
