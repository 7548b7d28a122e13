"""A tarn for the Python benchmarks: started on a data directory with a free port, its endpoint and
root credentials read back the way a user gets them (server.json, `tarn env`)."""
import json
import os
import subprocess
import time


def start(tarn, data, *extra):
    """Starts `tarn serve` on `data` (extra: more serve flags); returns (process, endpoint, credentials),
    credentials as {"AWS_ACCESS_KEY_ID": ..., "AWS_SECRET_ACCESS_KEY": ..., ...}."""
    proc = subprocess.Popen([tarn, "serve", "--data", data, "--port", "0", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    for _ in range(400):
        if os.path.exists(os.path.join(data, "server.json")):
            break
        time.sleep(0.05)
    endpoint = json.load(open(os.path.join(data, "server.json")))["endpoint"]
    env = subprocess.run([tarn, "env", "--data", data], capture_output=True, text=True, check=True).stdout
    creds = {}
    for line in env.splitlines():
        if line.startswith("export "):
            k, v = line[len("export "):].split("=", 1)
            creds[k] = v.strip("'")
    return proc, endpoint, creds
