"""Lambda answers recorded on AWS by LocalStack's validated test_lambda_api.py and test_lambda.py (each
test names the recording it reproduces) that tarn once gave differently: permissions, event invoke
configs, reserved concurrency and tags refuse what Lambda refuses, in its words; the 4 KB environment
quota; ListFunctions' subset of fields; and what a function sees and answers — Python's logging
lines, its error payloads, the client context, the 6 MB response quota."""
import base64
import hashlib
import json
import urllib.error
import urllib.request

import pytest

from client_errors import error_of
from conftest import Tarn
from test_lambda import create, invoke, make_zip

ARN = "arn:aws:lambda:us-east-1:000000000000:function:"

APP = '''
import logging

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def echo(event, context):
    return event


def logs(event, context):
    print("Lambda log message - print function")
    logger.info("Lambda log message - logging module")
    return "ok"


def fails(event, context):
    raise Exception("Handler fails")


def big(event, context):
    return "a" * event["bytenum"]


def client_context(event, context):
    c = context.client_context
    return None if c is None else {"custom": c.custom, "env": c.env, "client": c.client and c.client.app_title}
'''

NODE_APP = '''
exports.handler = async (event, context) => ({ clientContext: context.clientContext });
'''


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    t = Tarn(tmp_path_factory.mktemp("lambda-recorded") / "data").start()
    t.lambda_role()
    yield t
    t.stop()
    out = t.output()
    assert "AddressSanitizer" not in out and "runtime error:" not in out, out


@pytest.fixture(scope="module")
def lam(server):
    client = server.client("lambda")
    create(client, "rec", make_zip({"app.py": APP}), handler="app.echo")
    client.get_waiter("function_active_v2").wait(FunctionName="rec", WaiterConfig={"Delay": 1})
    return client


def test_add_permission_refusals(lam):
    # test_permission_exceptions: add_permission_fn_qualifier_latest, add_permission_principal_invalid.
    assert error_of(lam.add_permission, FunctionName="rec:$LATEST", Qualifier="$LATEST", StatementId="s3",
                    Action="lambda:InvokeFunction", Principal="s3.amazonaws.com") == (
        400, "InvalidParameterValueException", "We currently do not support adding policies for $LATEST.")
    assert error_of(lam.add_permission, FunctionName="rec", StatementId="bad", Action="lambda:InvokeFunction",
                    Principal="invalid.nonaws.com", SourceAccount="000000000000") == (
        400, "InvalidParameterValueException",
        "The provided principal was invalid. Please check the principal and try again.")
    assert error_of(lam.add_permission, FunctionName="rec:alias-doesnotexist", StatementId="s3",
                    Action="lambda:InvokeFunction", Principal="s3.amazonaws.com") == (
        404, "ResourceNotFoundException", "Cannot find alias arn: " + ARN + "rec:alias-doesnotexist")
    for principal in ("*", "000000000000", "arn:aws:iam::000000000000:root", "alexa-appkit.amazon.com"):
        lam.add_permission(FunctionName="rec", StatementId="ok-" + str(len(principal)),
                           Action="lambda:InvokeFunction", Principal=principal)


def test_policy_not_found_messages(lam):
    # test_permission_exceptions: get_policy with a missing version, remove_permission without a policy, on a
    # missing function and on a missing alias.
    create(lam, "nopolicy", make_zip({"app.py": APP}), handler="app.echo")
    assert error_of(lam.get_policy, FunctionName="nopolicy", Qualifier="77") == (
        404, "ResourceNotFoundException", "The resource you requested does not exist.")
    assert error_of(lam.remove_permission, FunctionName="nopolicy", StatementId="s3") == (
        404, "ResourceNotFoundException", "No policy is associated with the given resource.")
    assert error_of(lam.remove_permission, FunctionName="doesnotexist", StatementId="s3") == (
        404, "ResourceNotFoundException", "No policy found for: " + ARN + "doesnotexist")
    assert error_of(lam.remove_permission, FunctionName="nopolicy", StatementId="s3",
                    Qualifier="alias-doesnotexist") == (
        404, "ResourceNotFoundException", "Cannot find alias arn: " + ARN + "nopolicy:alias-doesnotexist")


def test_environment_over_4kb_is_refused(lam):
    # test_large_environment_variables_fails: the Variables map as compact JSON over 4096 bytes.
    variables = {"LARGE_VAR": "x" * 4081}
    measured = json.dumps(variables, separators=(",", ":"))
    assert len(measured) == 4097
    assert error_of(create, lam=lam, name="big-env", zip_bytes=make_zip({"app.py": APP}),
                    Environment={"Variables": variables}) == (
        400, "InvalidParameterValueException",
        "Lambda was unable to configure your environment variables because the environment variables you have "
        "provided exceeded the 4KB limit. String measured: " + measured)
    assert error_of(lam.get_function, FunctionName="big-env")[0] == 404  # not created
    variables = {"LARGE_VAR": "x" * 4080}  # 4096 bytes: accepted (test_lambda_envvars_near_limit_succeeds)
    lam.update_function_configuration(FunctionName="rec", Environment={"Variables": variables})
    assert error_of(lam.update_function_configuration, FunctionName="rec",
                    Environment={"Variables": {"LARGE_VAR": "x" * 4081}})[1] == "InvalidParameterValueException"


def test_event_invoke_config_refusals(lam):
    # test_lambda_eventinvokeconfig_exceptions.
    assert error_of(lam.put_function_event_invoke_config, FunctionName="rec") == (
        400, "InvalidParameterValueException",
        "You must specify at least one of error handling or destination setting.")
    assert error_of(lam.put_function_event_invoke_config, FunctionName="doesnotexist", MaximumRetryAttempts=1) == (
        404, "ResourceNotFoundException", "The function doesn't exist.")
    assert error_of(lam.update_function_event_invoke_config, FunctionName="rec", MaximumRetryAttempts=0) == (
        404, "ResourceNotFoundException", "The function " + ARN + "rec:$LATEST doesn't have an EventInvokeConfig")
    assert error_of(lam.get_function_event_invoke_config, FunctionName="doesnotexist") == (
        404, "ResourceNotFoundException",
        "The function " + ARN + "doesnotexist:$LATEST doesn't have an EventInvokeConfig")
    assert error_of(lam.get_function_event_invoke_config, FunctionName="rec", Qualifier="1221") == (
        404, "ResourceNotFoundException", "The function " + ARN + "rec:1221 doesn't have an EventInvokeConfig")
    assert error_of(lam.list_function_event_invoke_configs, FunctionName="doesnotexist") == (
        404, "ResourceNotFoundException", "The function doesn't exist.")
    missing = ARN + "doesnotexist"
    assert error_of(lam.put_function_event_invoke_config, FunctionName="rec",
                    DestinationConfig={"OnSuccess": {"Destination": missing}}) == (
        400, "InvalidParameterValueException", "The destination ARN " + missing + " is invalid.")
    assert error_of(lam.put_function_event_invoke_config, FunctionName="rec",
                    DestinationConfig={"OnSuccess": {"Destination": ARN + "rec"}}) == (
        400, "InvalidParameterValueException", "You can't specify the function as a destination for itself.")
    iam = "arn:aws:iam::000000000000:role/some-role"
    assert error_of(lam.put_function_event_invoke_config, FunctionName="rec",
                    DestinationConfig={"OnSuccess": {"Destination": iam}}) == (
        400, "InvalidParameterValueException",
        "The provided destination config DestinationConfig(onSuccess=OnSuccess(destination=" + iam +
        "), onFailure=null) is invalid.")
    assert error_of(lam.get_function_event_invoke_config, FunctionName="rec")[0] == 404  # nothing was stored


def test_concurrency_belongs_to_the_function(lam):
    # test_function_concurrency_exceptions.
    assert error_of(lam.put_function_concurrency, FunctionName=ARN + "rec:$LATEST",
                    ReservedConcurrentExecutions=0) == (
        400, "InvalidParameterValueException",
        "This operation is permitted on Lambda functions only. Aliases and versions do not support this "
        "operation. Please specify either a function name or an unqualified function ARN.")
    assert error_of(lam.put_function_concurrency, FunctionName="doesnotexist", ReservedConcurrentExecutions=1) == (
        404, "ResourceNotFoundException", "Function not found: " + ARN + "doesnotexist:$LATEST")


def test_tag_refusals(lam):
    # test_tag_exceptions, test_tag_limits, test_tag_versions.
    assert error_of(lam.tag_resource, Resource=ARN + "rec", Tags={}) == (
        400, "InvalidParameterValueException", "An error occurred and the request cannot be processed.")
    assert error_of(lam.tag_resource, Resource=ARN + "rec", Tags={f"k{i}": "v" for i in range(51)}) == (
        400, "InvalidParameterValueException", "Number of tags exceeds resource tag limit.")
    assert error_of(lam.tag_resource, Resource=ARN + "rec:$LATEST", Tags={"a": "b"}) == (
        400, "InvalidParameterValueException",
        "Tags on function aliases and versions are not supported. Please specify a function ARN.")


def test_list_functions_leaves_out_the_state_fields(lam):
    # test_list_functions: ListFunctions returns a subset of FunctionConfiguration.
    listed = [f for f in lam.list_functions()["Functions"] if f["FunctionName"] == "rec"]
    assert listed and not {"State", "LastUpdateStatus"} & set(listed[0])
    assert lam.get_function_configuration(FunctionName="rec")["State"] == "Active"


def test_invoke_of_a_missing_function_names_latest(lam):
    # test_invoke_exceptions (recorded 2025).
    assert error_of(lam.invoke, FunctionName="doesnotexist", Payload=b"{}") == (
        404, "ResourceNotFoundException", "Function not found: " + ARN + "doesnotexist:$LATEST")


def test_python_logging_lines_reach_the_log(lam):
    # test_invocation_with_qualifier: print and logging lines in LogResult, logging as "[INFO]\t<time>\t<id>\t".
    create(lam, "logs", make_zip({"app.py": APP}), handler="app.logs")
    r, body = invoke(lam, "logs", {}, LogType="Tail")
    lines = base64.b64decode(r["LogResult"]).decode().splitlines()
    request_id = r["ResponseMetadata"]["RequestId"]
    assert "Lambda log message - print function" in lines
    logged = [line for line in lines if line.endswith("\tLambda log message - logging module")]
    assert len(logged) == 1, lines
    level, when, rid, _ = logged[0].split("\t")
    assert level == "[INFO]" and when.endswith("Z") and len(when) == 24 and rid == request_id


def test_python_error_payloads(lam):
    # test_lambda_handler_error, test_lambda_runtime_error.
    create(lam, "fails", make_zip({"lambda_handler_error.py": 'def handler(event, context):\n'
                                                               '    raise Exception("Handler fails")\n'}),
           handler="lambda_handler_error.handler")
    r, body = invoke(lam, "fails", {})
    assert r["FunctionError"] == "Unhandled"
    assert json.loads(body) == {
        "errorMessage": "Handler fails", "errorType": "Exception", "requestId": r["ResponseMetadata"]["RequestId"],
        "stackTrace": ['  File "/var/task/lambda_handler_error.py", line 2, in handler\n'
                       '    raise Exception("Handler fails")\n']}
    create(lam, "init-fails", make_zip({"lambda_runtime_error.py": 'raise Exception("Runtime startup fails")\n'
                                                                   'def handler(event, context):\n'
                                                                   '    return 1\n'}),
           handler="lambda_runtime_error.handler")
    r, body = invoke(lam, "init-fails", {})
    assert r["FunctionError"] == "Unhandled"
    error = json.loads(body)
    assert (error["errorType"], error["errorMessage"], error["requestId"]) == ("Exception", "Runtime startup fails",
                                                                               "")
    assert error["stackTrace"][-1].startswith('  File "/var/task/lambda_runtime_error.py", line 1, in <module>')


def test_client_context_reaches_the_function(lam):
    # test_lambda_with_context (nodejs), and the same for Python's context.client_context.
    document = {"custom": {"foo": "bar"}, "client": {"snap": ["crackle", "pop"]}, "env": {"fizz": "buzz"}}
    encoded = base64.b64encode(json.dumps(document).encode()).decode()
    create(lam, "node-context", make_zip({"index.js": NODE_APP}), handler="index.handler", runtime="nodejs20.x")
    r, body = invoke(lam, "node-context", {}, ClientContext=encoded)
    assert json.loads(body) == {"clientContext": document}
    create(lam, "py-context", make_zip({"app.py": APP}), handler="app.client_context")
    r, body = invoke(lam, "py-context", {}, ClientContext=encoded)
    assert json.loads(body) == {"custom": {"foo": "bar"}, "env": {"fizz": "buzz"}, "client": None}
    r, body = invoke(lam, "py-context", {})
    assert json.loads(body) is None
    assert error_of(lam.invoke, FunctionName="py-context", Payload=b"{}",
                    ClientContext=base64.b64encode(b"[1]").decode()) == (
        400, "InvalidRequestContentException", "Client context must be a valid Base64-encoded JSON object.")


def test_response_quota(lam):
    # test_lambda_large_response, test_lambda_too_large_response: 6 MiB of JSON string is answered, 7 MiB
    # is Function.ResponseSizeTooLarge, and the function keeps serving.
    create(lam, "big", make_zip({"app.py": APP}), handler="app.big", MemorySize=512)
    r, body = invoke(lam, "big", {"bytenum": 6 * 1024 * 1024})
    assert "FunctionError" not in r and len(body) == 6 * 1024 * 1024 + 2
    for _ in range(2):
        r, body = invoke(lam, "big", {"bytenum": 7 * 1024 * 1024})
        assert r["FunctionError"] == "Unhandled"
        assert json.loads(body) == {
            "errorMessage": "Response payload size exceeded maximum allowed payload size (6291556 bytes).",
            "errorType": "Function.ResponseSizeTooLarge"}
    r, body = invoke(lam, "big", {"bytenum": 3})
    assert json.loads(body) == "aaa"


def test_code_location_downloads_the_package(lam):
    # test_lambda_code_location_zipfile: GetFunction's Code.Location fetches the very zip (its SHA-256 is
    # CodeSha256, its length CodeSize), with no credentials: the link is presigned. A link whose
    # signature was altered is refused.
    package = make_zip({"app.py": APP, "extra.txt": "location"})
    create(lam, "located", package, handler="app.echo")
    got = lam.get_function(FunctionName="located")
    assert got["Code"]["RepositoryType"] == "S3"
    location = got["Code"]["Location"]
    body = urllib.request.urlopen(location, timeout=10).read()
    assert body == package
    assert base64.b64encode(hashlib.sha256(body).digest()).decode() == got["Configuration"]["CodeSha256"]
    assert len(body) == got["Configuration"]["CodeSize"]
    tampered = location[:-1] + ("0" if location[-1] != "0" else "1")
    with pytest.raises(urllib.error.HTTPError) as e:
        urllib.request.urlopen(tampered, timeout=10)
    assert e.value.code == 403
