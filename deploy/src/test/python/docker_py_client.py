"""docker-py (Debian's python3-docker) against Berth: list, run, wait, logs, remove. Exits non-zero on any mismatch.

Run with DOCKER_HOST pointing at the gateway; docker.from_env() reads it as any docker-py user's script would.
"""
import sys

import docker

client = docker.from_env()
assert client.version()["ApiVersion"] == "1.44", client.version()

out = client.containers.run("busybox", ["echo", "hi from docker-py"], remove=True)
assert out == b"hi from docker-py\n", out

container = client.containers.run("busybox", ["sh", "-c", "echo out; exit 4"], detach=True, name="docker-py-job",
                                  labels={"suite": "docker-py"})
result = container.wait()
assert result["StatusCode"] == 4, result
assert container.logs() == b"out\n", container.logs()
listed = [c.name for c in client.containers.list(all=True, filters={"label": "suite=docker-py"})]
assert listed == ["docker-py-job"], listed
container.reload()
assert container.status == "exited", container.status
container.remove()
assert client.containers.list(all=True, filters={"label": "suite=docker-py"}) == []
print("docker-py: 1 passed, 0 failed")
sys.exit(0)
