"""Starts moto's server (same arguments as `moto_server`) with the extension: the CloudFormation
models (registered on import) and the server patches."""

import argparse
import sys

from moto.server import main

from moto_rapport import cloudformation, server_patches  # noqa: F401  (cloudformation registers on import)

address = argparse.ArgumentParser(add_help=False)
address.add_argument("-H", "--host", default="127.0.0.1")
address.add_argument("-p", "--port", type=int, default=5000)
known, _ = address.parse_known_args(sys.argv[1:])
server_patches.serve_queue_urls_from(f"http://{known.host}:{known.port}")
server_patches.tolerate_missing_docker()
server_patches.leave_queue_polling_to_the_caller()
server_patches.enforce_iam_on_resources()

main(sys.argv[1:])
