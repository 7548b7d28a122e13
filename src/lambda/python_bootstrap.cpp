// tarn's Python runtime client: loads "module.function" from LAMBDA_TASK_ROOT and speaks the
// Runtime API over one kept-alive http.client connection (urllib opened a connection per call and
// honoured *_proxy variables, which must not apply to tarn's own loopback). It also points boto3 at tarn for
// botocore releases older than 1.31, which ignore AWS_ENDPOINT_URL (Debian 12's boto3 1.26), by defaulting
// create_client's endpoint_url once botocore.session is imported. Error bodies follow the AWS Python runtime:
// {"errorMessage", "errorType", "requestId", "stackTrace"}.
#include "lambda/runtimes.h"

namespace tarn::lambda {

namespace {
constexpr std::string_view kSource = R"PY(# tarn's Python runtime client (Lambda Runtime API).
import importlib
import importlib.abc
import importlib.util
import json
import logging
import os
import sys
import time
import traceback
import http.client

_API_HOST = os.environ["AWS_LAMBDA_RUNTIME_API"]
_API_PREFIX = "/2018-06-01/runtime"
_connection = None
_request_id = ""
sys.stdout.reconfigure(line_buffering=True)
sys.stderr.reconfigure(line_buffering=True)


class _RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.aws_request_id = _request_id
        return True


def _configure_logging():
    """The root logger writes as AWS's Python runtime does: "[LEVEL]\t<time>Z\t<request id>\t<message>"."""
    logging.Formatter.converter = time.gmtime
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter(
        "[%(levelname)s]\t%(asctime)s.%(msecs)03dZ\t%(aws_request_id)s\t%(message)s", "%Y-%m-%dT%H:%M:%S"))
    handler.addFilter(_RequestIdFilter())
    logging.getLogger().addHandler(handler)


_configure_logging()


def _patch_botocore(session_module):
    endpoint = os.environ.get("AWS_ENDPOINT_URL")
    if not endpoint:
        return
    original = session_module.Session.create_client
    if getattr(original, "_tarn", False):
        return

    def create_client(self, service_name, *args, **kwargs):
        if kwargs.get("endpoint_url") is None and len(args) < 4:
            kwargs["endpoint_url"] = os.environ.get("AWS_ENDPOINT_URL_" + service_name.upper().replace("-", "_"),
                                                    endpoint)
        return original(self, service_name, *args, **kwargs)

    create_client._tarn = True
    session_module.Session.create_client = create_client


class _BotocoreHook(importlib.abc.MetaPathFinder):
    """Patches botocore.session right after it is imported (only for botocore < 1.31)."""

    def find_spec(self, name, path, target=None):
        if name != "botocore.session":
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        exec_module = loader.exec_module

        def patched(module):
            exec_module(module)
            try:
                import botocore
                major, minor = (int(x) for x in botocore.__version__.split(".")[:2])
                if (major, minor) < (1, 31):
                    _patch_botocore(module)
            except Exception:
                pass

        loader.exec_module = patched
        return spec


sys.meta_path.insert(0, _BotocoreHook())


def _call(method, path, body=None, headers=None):
    """One Runtime API call on the kept-alive connection; (response, body bytes). A connection tarn
    closed while the handler ran (idle timeout) is reopened once: the call had not reached tarn."""
    global _connection
    for attempt in (0, 1):
        if _connection is None:
            _connection = http.client.HTTPConnection(_API_HOST)
        try:
            _connection.request(method, _API_PREFIX + path, body=body, headers=headers or {})
            response = _connection.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            _connection.close()
            _connection = None
            if attempt:
                raise
            continue
        if response.status == 413 and path.endswith(("/response", "/error")):
            # Too large: tarn has failed the invocation (Function.ResponseSizeTooLarge); carry on.
            return response, data
        if response.status >= 400:
            raise RuntimeError("Runtime API %s %s: HTTP %d %s" % (method, path, response.status, data[:200]))
        return response, data


def _post(path, body, error_type=None):
    headers = {"Content-Type": "application/json"}
    if error_type:
        headers["Lambda-Runtime-Function-Error-Type"] = error_type
    _call("POST", path, body, headers)


def _stack_trace(tb):
    """The frames after this bootstrap's own, with the task root shown as Lambda's /var/task, in the
    plain format of AWS's runtime (no column markers)."""
    frames = traceback.extract_tb(tb)
    while frames and frames[0].filename == __file__:
        frames = frames[1:]
    task_root = os.path.realpath(os.environ.get("LAMBDA_TASK_ROOT", ".")) + os.sep
    rows = []
    for frame in frames:
        filename = frame.filename
        if os.path.realpath(filename).startswith(task_root):
            filename = "/var/task/" + os.path.realpath(filename)[len(task_root):]
        rows.append((filename, frame.lineno, frame.name, frame.line))
    return traceback.format_list(rows)


def _error_body(exc, request_id=""):
    return {"errorMessage": str(exc), "errorType": type(exc).__name__, "requestId": request_id,
            "stackTrace": _stack_trace(exc.__traceback__)}


class _Fault(Exception):
    def __init__(self, error_type, message):
        super().__init__(message)
        self.error_type = error_type


def _load_handler():
    handler = os.environ.get("_HANDLER", "")
    task_root = os.environ.get("LAMBDA_TASK_ROOT", ".")
    sys.path.insert(0, task_root)
    try:
        module_name, function_name = handler.rsplit(".", 1)
    except ValueError as e:
        raise _Fault("Runtime.MalformedHandlerName", "Bad handler '%s': %s" % (handler, e))
    try:
        module = importlib.import_module(module_name.replace("/", "."))
    except ImportError as e:
        raise _Fault("Runtime.ImportModuleError", "Unable to import module '%s': %s" % (module_name, e))
    except SyntaxError as e:
        raise _Fault("Runtime.UserCodeSyntaxError", "Syntax error in module '%s': %s" % (module_name, e))
    function = getattr(module, function_name, None)
    if function is None:
        raise _Fault("Runtime.HandlerNotFound", "Handler '%s' missing on module '%s'" % (function_name, module_name))
    return function


class _Client:
    def __init__(self, client):
        self.installation_id = client.get("installation_id")
        self.app_title = client.get("app_title")
        self.app_version_name = client.get("app_version_name")
        self.app_version_code = client.get("app_version_code")
        self.app_package_name = client.get("app_package_name")


class _ClientContext:
    def __init__(self, text):
        document = json.loads(text)
        self.custom = document.get("custom")
        self.env = document.get("env")
        client = document.get("client")
        self.client = _Client(client) if isinstance(client, dict) else None


class _Context:
    def __init__(self, request_id, deadline_ms, function_arn, client_context=None):
        self.aws_request_id = request_id
        self.invoked_function_arn = function_arn
        self.function_name = os.environ.get("AWS_LAMBDA_FUNCTION_NAME")
        self.function_version = os.environ.get("AWS_LAMBDA_FUNCTION_VERSION")
        self.memory_limit_in_mb = os.environ.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE")
        self.log_group_name = os.environ.get("AWS_LAMBDA_LOG_GROUP_NAME")
        self.log_stream_name = os.environ.get("AWS_LAMBDA_LOG_STREAM_NAME")
        self.client_context = _ClientContext(client_context) if client_context else None
        self.identity = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self):
        return max(0, self._deadline_ms - int(time.time() * 1000))


def _report_fault(fault, request_id=None):
    body = {"errorMessage": str(fault), "errorType": fault.error_type, "requestId": request_id or "",
            "stackTrace": []}
    print("[ERROR] %s: %s" % (fault.error_type, fault), file=sys.stderr)
    return body


def main():
    try:
        handler = _load_handler()
    except _Fault as fault:
        # Like AWS, report the failure with the first invocation so its caller sees the error.
        body = _report_fault(fault)
        _post("/init/error", json.dumps(body).encode(), fault.error_type)
        sys.exit(1)
    except Exception as e:
        body = _error_body(e)
        print("[ERROR] %s: %s" % (type(e).__name__, e), file=sys.stderr)
        _post("/init/error", json.dumps(body).encode(), "Runtime.Unknown")
        sys.exit(1)
    while True:
        r, raw = _call("GET", "/invocation/next")
        request_id = r.getheader("Lambda-Runtime-Aws-Request-Id")
        deadline = int(r.getheader("Lambda-Runtime-Deadline-Ms", "0"))
        arn = r.getheader("Lambda-Runtime-Invoked-Function-Arn", "")
        os.environ["_X_AMZN_TRACE_ID"] = r.getheader("Lambda-Runtime-Trace-Id", "")
        global _request_id
        _request_id = request_id
        try:
            event = json.loads(raw) if raw else {}
            result = handler(event, _Context(request_id, deadline, arn, r.getheader("Lambda-Runtime-Client-Context")))
            body = json.dumps(result).encode()
        except Exception as e:
            error = _error_body(e, request_id)
            print("[ERROR] %s: %s\nTraceback (most recent call last):\n%s" % (
                error["errorType"], error["errorMessage"], "".join(error["stackTrace"])), file=sys.stderr, end="")
            sys.stdout.flush()
            sys.stderr.flush()
            _post("/invocation/%s/error" % request_id, json.dumps(error).encode(),
                  "Unhandled")
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        _post("/invocation/%s/response" % request_id, body)


if __name__ == "__main__":
    main()
)PY";
}  // namespace

std::string_view PythonBootstrapSource() { return kSource; }

}  // namespace tarn::lambda
