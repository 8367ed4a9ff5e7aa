"""End-to-end: `admit serve`, the HTTP API (docs/serve.md).

Starts the server on a free loopback port (--listen 127.0.0.1:0) and calls
every endpoint with good and bad requests: /v1/check answers byte for byte
what `admit check --format json -` prints (also with lang, as_of), /v1/rules,
/v1/rules/{id}, /v1/version and /v1/timeline what their commands print; bad
JSON, schema errors, oversize, wrong content type, missing length, wrong
method, unknown paths, directory traversal; every status and JSON body is
checked against schemas/openapi.json.  Then: the bearer token, a refused
non-loopback listen, a stalled client while others are served, 200
concurrent requests, SIGHUP with a broken then a changed rulebook, SIGTERM
with a request in flight, every curl line of docs/serve.md, and the log.
Prints "ok N - ..." / "not ok N - ..." lines and ends with "N passed, M failed".
"""
import concurrent.futures
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

import jsonschema

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "lib"))
import tap  # tests/lib/tap.py: the ok/not ok lines and the summary tests/run.sh reads
from tap import check as report
from admit_e2e import Server
tap.detail_limit = 1500

ADMIT = os.environ.get("ADMIT", "./admit")
EXAMPLES = sorted(f"examples/{n}" for n in os.listdir("examples") if n.endswith(".json"))
OPENAPI = json.load(open("schemas/openapi.json", encoding="utf-8"))
RESULT_SCHEMA = json.load(open("schemas/result.schema.json", encoding="utf-8"))


responses = []   # (method, template path, status, content type, body) for the OpenAPI check


def call(server, method, path, body=None, headers=None, template=None, timeout=60):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    h = dict(headers or {})
    if body is not None and "Content-Type" not in h:
        h["Content-Type"] = "application/json"
    conn.request(method, path, body=body, headers=h)
    r = conn.getresponse()
    data = r.read()
    conn.close()
    responses.append((method.lower(), template or path.split("?")[0], r.status,
                      r.getheader("Content-Type") or "", data))
    return r.status, r, data


def raw(server, data, timeout=15):
    """Send raw bytes, read the whole answer (the server closes or answers)."""
    s = socket.create_connection(("127.0.0.1", server.port), timeout=timeout)
    s.sendall(data)
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
            if b"\r\n\r\n" in out:
                head, _, rest = out.partition(b"\r\n\r\n")
                m = re.search(rb"content-length: *(\d+)", head, re.I)
                if m and len(rest) >= int(m.group(1)):
                    break
    except (socket.timeout, ConnectionResetError):
        pass
    s.close()
    return out


def status_of(answer):
    m = re.match(rb"HTTP/1\.[01] (\d{3})", answer)
    return int(m.group(1)) if m else None


def cli(*args, stdin=None):
    return subprocess.run([ADMIT, *args], input=stdin, capture_output=True)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def is_error(data, code):
    try:
        doc = json.loads(data)
    except ValueError:
        return False
    return doc.get("error", {}).get("code") == code and doc["error"].get("message")


srv = Server("--threads", "4")
base_log_len = 0

# -- /health, /v1/version, /v1/rules, /v1/openapi.json ------------------------
st, r, data = call(srv, "GET", "/health")
health = json.loads(data) if st == 200 else {}
digest = health.get("ruleset", "")
report(st == 200 and health.get("status") == "ok" and digest.startswith("sha256:"),
       "GET /health: status ok and the ruleset digest", data)
st, r, data = call(srv, "GET", "/v1/version")
out = cli("version", "--format", "json")
report(st == 200 and data == out.stdout, "GET /v1/version is `admit version --format json`",
       data[:300])
st, r, data = call(srv, "GET", "/v1/rules?date=2024-01-01", template="/v1/rules")
out = cli("rules", "list", "--format", "json", "--date", "2024-01-01")
report(st == 200 and data == out.stdout, "GET /v1/rules?date= is `admit rules list --format json`")
st, r, data = call(srv, "GET", "/v1/rules/age.min", template="/v1/rules/{id}")
out = cli("rules", "show", "age.min", "--format", "json")
report(st == 200 and data == out.stdout, "GET /v1/rules/age.min is `admit rules show age.min`")
st, r, data = call(srv, "GET", "/v1/rules/no.such", template="/v1/rules/{id}")
report(st == 404 and is_error(data, "not_found"), "GET /v1/rules/no.such: 404 not_found", data)
st, r, data = call(srv, "GET", "/v1/rules?date=2024-13-01", template="/v1/rules")
report(st == 400 and is_error(data, "input_error"), "GET /v1/rules?date=2024-13-01: 400", data)
st, r, data = call(srv, "GET", "/v1/openapi.json")
report(st == 200 and json.loads(data) == OPENAPI, "GET /v1/openapi.json is schemas/openapi.json")

# -- /v1/check ------------------------------------------------------------------
for ex in EXAMPLES:
    body = read(ex)
    st, r, data = call(srv, "POST", "/v1/check", body)
    out = cli("check", "--format", "json", "-", stdin=body)
    report(st == 200 and data == out.stdout and r.getheader("Content-Type") == "application/json",
           f"POST /v1/check {ex}: byte for byte `admit check --format json -`",
           f"{st} {data[:200]!r} vs {out.stdout[:200]!r}")
    if st == 200:
        try:
            jsonschema.validate(json.loads(data), RESULT_SCHEMA)
            report(True, f"  {ex}: valid against schemas/result.schema.json")
        except jsonschema.ValidationError as e:
            report(False, f"  {ex}: valid against schemas/result.schema.json", e.message)
body = read("examples/admission-2023.json")
st, r, data = call(srv, "POST", "/v1/check?lang=en&as_of=2024-06-01", body, template="/v1/check")
out = cli("check", "--format", "json", "--lang", "en", "--as-of", "2024-06-01", "-", stdin=body)
report(st == 200 and data == out.stdout, "lang=en&as_of=2024-06-01 as --lang en --as-of 2024-06-01")
st, r, data = call(srv, "POST", "/v1/check", body)
out = cli("check", "--format", "json", "-", stdin=body)
report(st == 200 and data == out.stdout,
       "a request in English did not change the server's language (next answer in Vietnamese)")
st, r, data = call(srv, "POST", "/v1/check?full=false", body, template="/v1/check")
doc = json.loads(data) if st == 200 else {}
trimmed = [e for e in doc.get("results", []) if e["status"] in ("pass", "not_applicable")]
report(st == 200 and trimmed and all(set(e) == {"rule", "status"} for e in trimmed) and
       any(len(e) > 2 for e in json.loads(out.stdout)["results"] if e["status"] == "pass"),
       "full=false keeps only rule and status of what passes or does not apply")
st, r, data = call(srv, "POST", "/v1/check?format=html", body, template="/v1/check")
report(st == 200 and r.getheader("Content-Type", "").startswith("text/html") and
       data.lstrip().lower().startswith(b"<!doctype html") and b"DT-SLDTBXH-2023-004" in data,
       "format=html: the printed page of the dossier", data[:200])
for query, what in (("lang=fr", "lang"), ("as_of=2024-02-30", "as_of"), ("profile=x", "profile"),
                    ("full=maybe", "full"), ("format=xml", "format")):
    st, r, data = call(srv, "POST", "/v1/check?" + query, body, template="/v1/check")
    report(st == 400 and is_error(data, "input_error") and what.encode() in data,
           f"POST /v1/check?{query}: 400 naming {what}", data)

# bad JSON and schema errors: 400 input_error with the path the CLI reports
for bad, what in ((b'{"format": ', "truncated JSON"), (b'{"x": 1}', "an unknown key"),
                  (body.replace(b'"birth_date": "', b'"birth_date": "x'), "a bad date")):
    st, r, data = call(srv, "POST", "/v1/check", bad)
    cli_doc = json.loads(cli("check", "--format", "json", "-", stdin=bad).stdout)
    err = json.loads(data).get("error", {}) if st == 400 else {}
    report(st == 400 and err.get("code") == "input_error" and
           err.get("path") == cli_doc["input_error"]["path"] and
           err.get("message") == cli_doc["input_error"]["message"],
           f"POST /v1/check with {what}: 400 input_error, the CLI's path and message", data[:400])

# -- bounds -----------------------------------------------------------------------
st, r, data = call(srv, "POST", "/v1/check", body, headers={"Content-Type": "text/plain"})
report(st == 415 and is_error(data, "unsupported_media_type"), "text/plain: 415", data)
st, r, data = call(srv, "POST", "/v1/check", body,
                   headers={"Content-Type": "application/json; charset=utf-8"})
report(st == 200, "application/json; charset=utf-8 is accepted")
answer = raw(srv, b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                  b"Connection: close\r\n\r\n")
report(status_of(answer) == 411 and b"length_required" in answer, "no Content-Length: 411",
       answer[:300])
responses.append(("post", "/v1/check", status_of(answer), "application/json",
                  answer.partition(b"\r\n\r\n")[2]))
answer = raw(srv, b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                  b"Content-Length: 2000000\r\n\r\n" + b" " * 65536)
report(status_of(answer) == 413 and b"too_large" in answer, "Content-Length over 1 MiB: 413",
       answer[:300])
responses.append(("post", "/v1/check", status_of(answer), "application/json",
                  answer.partition(b"\r\n\r\n")[2]))
big = b'{"x_pad": "' + b"a" * (1024 * 1024) + b'"}'
chunks = b"".join(b"%x\r\n%s\r\n" % (len(big[i:i + 60000]), big[i:i + 60000])
                  for i in range(0, len(big), 60000)) + b"0\r\n\r\n"
answer = raw(srv, b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                  b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunks)
report(status_of(answer) == 413, "a chunked body over 1 MiB: 413", answer[:300])
st, r, data = call(srv, "GET", "/v1/check")
report(st == 405 and r.getheader("Allow") == "POST" and is_error(data, "method_not_allowed"),
       "GET /v1/check: 405, Allow: POST", data)
st, r, data = call(srv, "DELETE", "/health")
report(st == 405 and r.getheader("Allow") == "GET, HEAD", "DELETE /health: 405, Allow: GET, HEAD")
st, r, data = call(srv, "GET", "/v1/nothing")
report(st == 404 and is_error(data, "not_found"), "GET /v1/nothing: 404 not_found", data)
for path in (b"/../schemas/openapi.json", b"/%2e%2e/Makefile", b"/.git/config",
             b"/web/../../Makefile", b"//etc/passwd", b"/nothing.html"):
    answer = raw(srv, b"GET " + path + b" HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    report(status_of(answer) == 404, f"GET {path.decode()}: 404", answer[:200])
if os.path.exists("web/index.html"):
    st, r, data = call(srv, "GET", "/", template="/")
    report(st == 200 and data == read("web/index.html") and
           r.getheader("Content-Type") == "text/html; charset=utf-8",
           "GET / is web/index.html, text/html")
    for name in sorted(os.listdir("web")):
        if os.path.isfile(f"web/{name}") and name.endswith((".css", ".js")):
            st, r, data = call(srv, "GET", f"/{name}", template="/")
            want = "text/css" if name.endswith(".css") else "text/javascript"
            report(st == 200 and data == read(f"web/{name}") and
                   r.getheader("Content-Type", "").startswith(want),
                   f"GET /{name}: the file, {want}")
else:
    st, r, data = call(srv, "GET", "/", template="/")
    report(st == 404, "GET / without web/ in the tree: 404", data)

# -- timeline --------------------------------------------------------------------
tl = read("examples/admission-2025-before-vote.json")
st, r, data = call(srv, "POST", "/v1/timeline", tl)
out = cli("timeline", "--format", "json", "-", stdin=tl)
report(st == 200 and data == out.stdout and out.returncode == 0,
       "POST /v1/timeline is `admit timeline --format json -`", data[:300])
st, r, data = call(srv, "POST", "/v1/timeline", b"[1]")
report(st == 400 and is_error(data, "input_error"), "POST /v1/timeline [1]: 400 input_error", data)

# -- a stalled client does not block the others -------------------------------------------
stalled = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
stalled.sendall(b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                b"Content-Length: 5000\r\n\r\n{\"id\": ")
half_head = socket.create_connection(("127.0.0.1", srv.port), timeout=30)
half_head.sendall(b"GET /health HTTP/1.1\r\nHost: t\r\n")
t0 = time.time()
ok = True
for _ in range(5):
    st, r, data = call(srv, "POST", "/v1/check", body)
    ok = ok and st == 200
    st, r, data = call(srv, "GET", "/health")
    ok = ok and st == 200
report(ok and time.time() - t0 < 10, "two stalled clients: others are served at once",
       f"{time.time() - t0:.1f} s")
t0 = time.time()
try:
    closed = stalled.recv(1000) == b"" or True
except (ConnectionResetError, socket.timeout):
    closed = False
elapsed = time.time() - t0
report(closed and elapsed < 25, "the stalled client is dropped after the receive timeout",
       f"{elapsed:.1f} s")
stalled.close()
half_head.close()

# -- 200 concurrent requests ---------------------------------------------------------
expect = cli("check", "--format", "json", "-", stdin=body).stdout


def one(_):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", srv.port, timeout=120)
        conn.request("POST", "/v1/check", body=body, headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        data = r.read()
        conn.close()
        return r.status, data
    except OSError as e:
        return None, str(e).encode()


with concurrent.futures.ThreadPoolExecutor(max_workers=200) as pool:
    got = list(pool.map(one, range(200)))
bad = [g for g in got if g[0] != 200 or g[1] != expect]
report(not bad, "200 concurrent POST /v1/check: all 200 and identical to the CLI",
       f"{len(bad)} differ: {bad[:1]}")

# -- /metrics -----------------------------------------------------------------------------
st, r, data = call(srv, "GET", "/metrics")
text = data.decode()
m = re.search(r'admit_http_requests_total\{endpoint="/v1/check",status="200"\} (\d+)', text)
report(st == 200 and m and int(m.group(1)) >= 200 + len(EXAMPLES) and
       re.search(r'admit_http_requests_total\{endpoint="/v1/check",status="413"\} 2', text) and
       f'admit_info{{version="' in text and f'ruleset="{digest}"}} 1' in text and
       re.search(r'admit_verdicts_total\{verdict="eligible"\} [1-9]', text) and
       "admit_rule_errors_total 0" in text and
       re.search(r'admit_http_request_duration_seconds_bucket\{endpoint="/v1/check",le="\+Inf"\} \d+',
                 text),
       "GET /metrics: requests by endpoint and status, latency, verdicts, rule errors, digest",
       text[:2000])

# -- the log -------------------------------------------------------------------------------
log_lines = [l for l in srv.log().splitlines() if " admit serve: " not in l]
pattern = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ [A-Z]+ /\S* (\d{3}|0) \d+ \d+us( aborted)?$")
report(log_lines and all(pattern.match(l) for l in log_lines if not l.startswith("admit")),
       "one log line per request: time, method, path, status, bytes, microseconds",
       [l for l in log_lines if not pattern.match(l)][:3])
report("Nguyễn Thị Minh Anh" not in srv.log() and "DT-SLDTBXH" not in srv.log(),
       "the log holds no dossier content")

# -- the doc's curl lines -------------------------------------------------------------
doc = open("docs/serve.md", encoding="utf-8").read()
blocks = re.findall(r"```sh\n(.*?)```", doc, re.S)
curls = [l for b in blocks for l in b.splitlines() if l.startswith("curl ")]
work = tempfile.mkdtemp()
os.symlink(os.path.abspath("examples"), os.path.join(work, "examples"))
with open(os.path.join(work, "token.txt"), "w") as f:
    f.write("t0ken\n")
endpoints = set()
for line in curls:
    m = re.search(r"#\s*(\d{3})\s*$", line)
    command = line[:m.start()] if m else line
    want = m.group(1) if m else None
    if re.search(r"8640/\s", line + " ") and not os.path.exists("web/index.html"):
        want = "404"   # the page's files are not in this tree
    command = command.replace("http://127.0.0.1:8640", f"http://127.0.0.1:{srv.port}")
    out = subprocess.run(command + " -o /dev/null -w '%{http_code}'" if "-o " not in command
                         else command + " -w '%{http_code}'", shell=True, cwd=work,
                         capture_output=True, text=True, env={**os.environ, "no_proxy": "*"})
    endpoints.add(re.search(r"8640(/[a-z0-9/.]*)", line).group(1))
    report(want and out.stdout.strip() == want, f"docs/serve.md: {line[:90]}",
           f"{out.stdout} {out.stderr}")
for ep in ("/v1/check", "/v1/timeline", "/v1/rules", "/v1/version", "/v1/openapi.json", "/health",
           "/metrics", "/"):
    report(ep in endpoints, f"docs/serve.md has a curl example of {ep}")
report(os.path.getsize(os.path.join(work, "report.html")) > 1000,
       "the doc's format=html example wrote the page")
shutil.rmtree(work)

# -- every answer against the OpenAPI description --------------------------------
def openapi_schema(method, path, status, ctype):
    ops = OPENAPI["paths"].get(path) or OPENAPI["paths"]["/"]
    op = ops.get(method)
    if op is None and status == 405:   # documented on the path's operations
        op = next(iter(ops.values()))
    if op is None:
        return None, "no operation"
    resp = op["responses"].get(str(status))
    if resp is None:
        return None, f"status {status} not documented"
    media = ctype.split(";")[0].strip()
    content = resp.get("content", {})
    if media not in content:
        return None, f"{media} not documented for {status}"
    schema = dict(content[media]["schema"])
    schema["components"] = OPENAPI["components"]
    return schema, None


problems = []
for method, path, status, ctype, data in responses:
    schema, why = openapi_schema(method, path, status, ctype)
    if schema is None:
        problems.append(f"{method} {path} {status}: {why}")
        continue
    if ctype.startswith("application/json"):
        try:
            jsonschema.Draft7Validator(schema).validate(json.loads(data))
        except (ValueError, jsonschema.ValidationError) as e:
            problems.append(f"{method} {path} {status}: {getattr(e, 'message', e)}")
report(not problems and len(responses) > 40,
       f"every answer ({len(responses)}) is documented in schemas/openapi.json and validates",
       problems[:5])

code = srv.stop()
report(code == 0, "SIGTERM: exit 0", code)

# -- token -----------------------------------------------------------------------------------
tmp = tempfile.mkdtemp()
token_file = os.path.join(tmp, "token")
with open(token_file, "w") as f:
    f.write("s3cret-token\n")
sec = Server("--threads", "1", "--token-file", token_file)
st, r, data = call(sec, "GET", "/v1/version")
report(st == 401 and is_error(data, "unauthorized") and r.getheader("WWW-Authenticate") == "Bearer",
       "with --token-file: no token, 401", data)
st, r, data = call(sec, "GET", "/v1/version", headers={"Authorization": "Bearer wrong"})
report(st == 401, "a wrong token: 401")
st, r, data = call(sec, "POST", "/v1/check", body, headers={"Authorization": "Bearer s3cret-token-x"})
report(st == 401, "a longer token: 401")
st, r, data = call(sec, "GET", "/v1/version", headers={"Authorization": "Bearer s3cret-token"})
report(st == 200, "the right token: 200")
st, r, data = call(sec, "GET", "/metrics")
report(st == 401, "/metrics needs the token")
st, r, data = call(sec, "GET", "/health")
report(st == 200, "/health needs no token")
report(sec.stop() == 0, "stopped")
out = cli("serve", "--listen", "0.0.0.0:0")
report(out.returncode == 2 and b"--token-file" in out.stderr,
       "a non-loopback address without --token-file is refused (exit 2)", out.stderr)
out = cli("serve", "--listen", "localhost:x")
report(out.returncode == 2 and b"--listen" in out.stderr, "a bad --listen: exit 2", out.stderr)
out = cli("serve", "--token-file", os.path.join(tmp, "none"))
report(out.returncode == 2, "a missing token file: exit 2", out.stderr)

# -- HTTPS --------------------------------------------------------------------------------
cert, key = os.path.join(tmp, "cert.pem"), os.path.join(tmp, "key.pem")
made = subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                       "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                       "-addext", "subjectAltName=IP:127.0.0.1"], capture_output=True)
report(made.returncode == 0, "openssl makes a self-signed certificate", made.stderr)
if made.returncode == 0:
    import ssl
    tls = Server("--threads", "1", "--tls-cert", cert, "--tls-key", key)
    report("listening on https://" in tls.log(), "with --tls-cert/--tls-key the log says https",
           tls.log())
    context = ssl.create_default_context(cafile=cert)
    conn = http.client.HTTPSConnection("127.0.0.1", tls.port, context=context, timeout=30)
    conn.request("POST", "/v1/check", body=body, headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    data = r.read()
    conn.close()
    report(r.status == 200 and data == expect, "HTTPS POST /v1/check: 200, the same JSON")
    answer = raw(tls, b"GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    report(status_of(answer) is None, "plain HTTP on the HTTPS port gets no HTTP answer", answer[:100])
    report(tls.stop() == 0, "HTTPS server stopped")
out = cli("serve", "--tls-cert", cert)
report(out.returncode == 2 and b"--tls-key" in out.stderr, "--tls-cert without --tls-key: exit 2",
       out.stderr)
out = cli("serve", "--tls-cert", token_file, "--tls-key", token_file)
report(out.returncode == 2 and b"PEM" in out.stderr, "a certificate that is not PEM: exit 2",
       out.stderr)

# -- SIGHUP -------------------------------------------------------------------------------
rules = os.path.join(tmp, "rules")
shutil.copytree("rules", rules)
hup = Server("--threads", "2", "--rules", rules)
st, r, data = call(hup, "GET", "/health")
first = json.loads(data)["ruleset"]
lua = sorted(n for n in os.listdir(rules) if n.endswith(".lua"))[0]
saved = read(os.path.join(rules, lua))
with open(os.path.join(rules, lua), "ab") as f:
    f.write(b"\nthis is not lua\n")
hup.proc.send_signal(signal.SIGHUP)
refused = hup.wait_log("keeping the old one")
st, r, data = call(hup, "GET", "/health")
st2, r2, data2 = call(hup, "POST", "/v1/check", body)
report(refused and json.loads(data)["ruleset"] == first and st2 == 200,
       "SIGHUP with a broken rulebook: refused, logged, the old rules keep answering",
       hup.log()[-600:])
with open(os.path.join(rules, lua), "wb") as f:
    f.write(saved + b"\n-- changed\n")
hup.proc.send_signal(signal.SIGHUP)
swapped = hup.wait_log("rule set reloaded")
st, r, data = call(hup, "GET", "/health")
second = json.loads(data)["ruleset"]
st2, r2, data2 = call(hup, "POST", "/v1/check", body)
report(swapped and second != first and st2 == 200 and
       json.loads(data2)["ruleset"] == second,
       "SIGHUP with a changed rulebook: the new digest is swapped in", hup.log()[-600:])

# -- SIGTERM with a request in flight ------------------------------------------------------
s = socket.create_connection(("127.0.0.1", hup.port), timeout=30)
s.sendall(b"POST /v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
          b"Connection: close\r\nContent-Length: %d\r\n\r\n" % len(body) + body[:100])
time.sleep(0.5)
hup.proc.send_signal(signal.SIGTERM)
time.sleep(0.5)
s.sendall(body[100:])
answer = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    answer += chunk
s.close()
code = hup.proc.wait(60)
report(status_of(answer) == 200 and b'"format":\t"admit.result/1"' in answer and code == 0,
       "SIGTERM with a request in flight: it completes, exit 0", f"{answer[:200]!r} exit {code}")
try:
    socket.create_connection(("127.0.0.1", hup.port), timeout=2).close()
    report(False, "after SIGTERM the port is closed")
except OSError:
    report(True, "after SIGTERM the port is closed")
shutil.rmtree(tmp)

tap.finish()
