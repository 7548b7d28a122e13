"""Compat-test harness: a real `tarn serve` on a free loopback port with a temporary data
directory, driven by real clients (boto3, awscli, the JS SDK). Tests here must also pass against
real AWS unless marked @pytest.mark.tarn_only (they need tarn's process or data directory).

Client matrix (scripts/run-tests.sh runs this suite twice):
  TARN_CLIENTS=debian  Debian's /usr/bin/python3 with boto3 1.26 (predates AWS_ENDPOINT_URL)
                       and awscli v2 (/usr/bin/aws, 2.9: also predates it, so gets --endpoint-url)
  TARN_CLIENTS=pip     the machine's newer boto3 and awscli v1 (TARN_AWS_CLI), which honour
                       AWS_ENDPOINT_URL, so plain `eval "$(tarn env)"; aws ...` must work.
"""
import functools
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.request

import boto3
import botocore
import botocore.config
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
TARN_BIN = os.environ.get("TARN_BIN", str(ROOT / "build" / "asan" / "tarn"))
CLIENTS = os.environ.get("TARN_CLIENTS", "debian")
AWS_CLI = os.environ.get("TARN_AWS_CLI") or shutil.which("aws", path="/usr/bin") or "aws"


def pytest_configure(config):
    config.addinivalue_line("markers", "tarn_only: needs tarn's own process or data directory")


def botocore_supports_endpoint_env():
    # AWS_ENDPOINT_URL arrived in botocore 1.31.
    major, minor = (int(x) for x in botocore.__version__.split(".")[:2])
    return (major, minor) >= (1, 31)


@functools.cache
def aws_cli_supports_endpoint_env():
    out = subprocess.run([AWS_CLI, "--version"], capture_output=True, text=True).stdout
    # "aws-cli/1.45.11 Python/... botocore/1.43.11" or "aws-cli/2.9.19 Python/..."
    version = out.split()[0].split("/")[1]
    major, minor = (int(x) for x in version.split(".")[:2])
    return (major == 1 and minor >= 29) or (major == 2 and minor >= 13)


_SESSION_LOCK = threading.Lock()


@functools.cache
def _shared_session():
    return boto3.session.Session()


class Tarn:
    """One tarn process over one data directory; restartable on the same directory."""

    def __init__(self, data_dir):
        self.data_dir = str(data_dir)
        self.proc = None
        self.endpoint = None
        self.log_path = os.path.join(self.data_dir, "tarn.stdout")
        self._credentials = None  # `tarn env`'s exports for the running process

    def start(self, *extra):
        os.makedirs(self.data_dir, exist_ok=True)
        info = os.path.join(self.data_dir, "server.json")
        if os.path.exists(info):
            os.unlink(info)
        self._credentials = None
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [TARN_BIN, "serve", "--data", self.data_dir, "--port", "0", *extra],
            stdout=self.log, stderr=subprocess.STDOUT)
        # Generous: under a full suite on 2 cores (sanitized builds, both client sets and the JS
        # tests at once) a start has been seen to take over 30 s when the host stalls.
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"tarn exited with {self.proc.returncode}: {self.output()}")
            if os.path.exists(info):
                self.endpoint = json.load(open(info))["endpoint"]
                try:
                    urllib.request.urlopen(self.endpoint + "/_tarn/health", timeout=2).read()
                    return self
                except OSError:
                    pass
            time.sleep(0.05)
        raise RuntimeError("tarn did not start: " + self.output())

    def output(self):
        try:
            return open(self.log_path, errors="replace").read()
        except OSError:
            return ""

    def stop(self, sig=signal.SIGTERM, timeout=30):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise
        if getattr(self, "log", None):
            self.log.close()
        return self.proc.returncode if self.proc else None

    def env_exports(self):
        out = subprocess.run([TARN_BIN, "env", "--data", self.data_dir], capture_output=True, text=True,
                             check=True).stdout
        return out

    def credentials(self):
        # `tarn env` runs once per start (an ASan process start costs ~0.3 s); a restart asks again.
        if self._credentials is None:
            env = {}
            for line in self.env_exports().splitlines():
                if line.startswith("export "):
                    k, v = line[len("export "):].split("=", 1)
                    env[k] = v.strip("'")
            self._credentials = env
        return dict(self._credentials)

    def lambda_role(self, name="lambda-role"):
        """An execution role Lambda may assume (its trust policy names lambda.amazonaws.com), allowed
        every action, as the tests' functions write to S3 and DynamoDB; CreateFunction refuses a role
        Lambda cannot assume. Idempotent. Returns the role's ARN."""
        iam = self.client("iam")
        trust = {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
        try:
            arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        except iam.exceptions.EntityAlreadyExistsException:
            arn = iam.get_role(RoleName=name)["Role"]["Arn"]
        iam.put_role_policy(RoleName=name, PolicyName="all", PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
        return arn

    def client(self, service, **kwargs):
        creds = self.credentials()
        kwargs.setdefault("region_name", "us-east-1")
        kwargs.setdefault("aws_access_key_id", creds["AWS_ACCESS_KEY_ID"])
        kwargs.setdefault("aws_secret_access_key", creds["AWS_SECRET_ACCESS_KEY"])
        kwargs.setdefault("config", botocore.config.Config(retries={"max_attempts": 1}))
        # One boto3 session for the whole run keeps the service models parsed once; creating
        # clients from one session is not thread-safe, hence the lock.
        with _SESSION_LOCK:
            return _shared_session().client(service, endpoint_url=self.endpoint, **kwargs)

    def aws(self, *args, env_from_tarn=True, extra_env=None, check=False):
        """Runs the AWS CLI as a user would after `eval "$(tarn env)"`."""
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env["HOME"] = self.data_dir  # no ~/.aws config from the machine
        if env_from_tarn:
            env.update(self.credentials())
        env.update(extra_env or {})
        cmd = [AWS_CLI, *args]
        if not aws_cli_supports_endpoint_env():
            cmd += ["--endpoint-url", self.endpoint]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, check=check, timeout=120)


@pytest.fixture
def tarn(tmp_path):
    t = Tarn(tmp_path / "data").start()
    yield t
    t.stop()
    assert "AddressSanitizer" not in t.output() and "runtime error:" not in t.output(), t.output()
    assert "unhandled exception" not in t.output(), t.output()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
