"""Real web servers for the tests of `playbooks serve-config`: Debian's nginx (and Caddy) run on
127.0.0.1 with a generated configuration, password files for each group, and a stand-in for
oauth2-proxy's `/oauth2/auth` that answers by a session header.

nginx runs as `nginx -p DIR -c CONF` with `daemon off;`; as root its workers would be
`www-data`, which cannot read pytest's private temporary folders, so the test configuration
says `user root;` when the tests run as root. Each server is a child process of the test run,
stopped by its own pid.
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import os
import shutil
import socket
import subprocess
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

NGINX = "/usr/sbin/nginx"
CADDY = "/usr/bin/caddy"
MIME_TYPES = "/etc/nginx/mime.types"
PASSWORD = "correct horse battery"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ssha(password: str) -> str:
    """An htpasswd hash nginx reads: `{SSHA}` = base64(SHA-1(password + salt) + salt)."""
    salt = os.urandom(8)
    return "{SSHA}" + base64.b64encode(hashlib.sha1(password.encode() + salt).digest() + salt).decode()


def user_for(group: str) -> str:
    return f"user-of-{group}"


def write_htpasswd(folder: Path, groups: list[str]) -> Path:
    """One password file per group, `<group>.htpasswd`, holding the one user `user-of-<group>`."""
    folder.mkdir(parents=True, exist_ok=True)
    for group in groups:
        (folder / f"{group}.htpasswd").write_text(f"{user_for(group)}:{ssha(PASSWORD)}\n", "utf-8")
    return folder


def write_caddy_users(folder: Path, groups: list[str]) -> Path:
    """One Caddy account file per group, `<group>.caddy`, with a bcrypt hash from `caddy hash-password`."""
    folder.mkdir(parents=True, exist_ok=True)
    hashed = subprocess.run([CADDY, "hash-password", "--plaintext", PASSWORD], capture_output=True, text=True,
                            check=True, timeout=60).stdout.strip()
    for group in groups:
        (folder / f"{group}.caddy").write_text(f"{user_for(group)} {hashed}\n", "utf-8")
    return folder


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


class Running:
    """A server on 127.0.0.1:port; `get` sends one request with the Host given."""

    def __init__(self, process: subprocess.Popen, port: int, log: Path):
        self.process = process
        self.port = port
        self.log = log

    def get(self, host: str, path: str, *, user: str | None = None, password: str = PASSWORD,
            headers: dict[str, str] | None = None) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        sent = {"Host": host, **(headers or {})}
        if user is not None:
            sent["Authorization"] = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        try:
            connection.request("GET", path, headers=sent)
            answer = connection.getresponse()
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read())
        finally:
            connection.close()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:  # pragma: no cover
                self.process.kill()
                self.process.wait()


def _wait_listening(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit {process.returncode}):\n{log.read_text('utf-8', 'replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    process.terminate()
    raise RuntimeError(f"the server did not listen on {port}:\n{log.read_text('utf-8', 'replace')}")


def start_nginx(folder: Path, server_blocks: str, port: int) -> Running:
    """nginx with the generated `server_blocks` inside `http {}`, as a production nginx.conf has them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "logs").mkdir(exist_ok=True)
    (folder / "playbooks.conf").write_text(server_blocks, "utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {folder}/nginx.pid;\nerror_log {folder}/logs/error.log warn;\n"
        "events { worker_connections 64; }\n"
        f"http {{\n    include {MIME_TYPES};\n    default_type application/octet-stream;\n"
        f"    access_log off;\n    client_body_temp_path {folder}/body;\n    proxy_temp_path {folder}/proxy;\n"
        f"    fastcgi_temp_path {folder}/fastcgi;\n    uwsgi_temp_path {folder}/uwsgi;\n    scgi_temp_path {folder}/scgi;\n"
        f"    include {folder}/playbooks.conf;\n}}\n", "utf-8")
    log = folder / "logs" / "stderr.log"
    test = subprocess.run([NGINX, "-t", "-p", str(folder), "-c", str(folder / "nginx.conf")],
                          capture_output=True, text=True, timeout=30)
    if test.returncode != 0:
        raise RuntimeError(f"nginx -t refused the configuration:\n{test.stderr}")
    with log.open("wb") as out:
        process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf")], stdout=out, stderr=out)
    _wait_listening(process, port, log)
    return Running(process, port, log)


def start_caddy(folder: Path, site_blocks: str, port: int) -> Running:
    """Caddy with the generated site blocks after global options that keep it local and quiet."""
    folder.mkdir(parents=True, exist_ok=True)
    caddyfile = folder / "Caddyfile"
    caddyfile.write_text("{\n\tadmin off\n\tauto_https off\n"
                         f"\tstorage file_system {folder}/data\n\thttp_port {port}\n}}\n\n" + site_blocks, "utf-8")
    environment = {**os.environ, "HOME": str(folder), "XDG_DATA_HOME": str(folder / "data"),
                   "XDG_CONFIG_HOME": str(folder / "config")}
    check = subprocess.run([CADDY, "validate", "--config", str(caddyfile), "--adapter", "caddyfile"],
                           capture_output=True, text=True, timeout=60, env=environment)
    if check.returncode != 0:
        raise RuntimeError(f"caddy validate refused the configuration:\n{check.stdout}{check.stderr}")
    log = folder / "caddy.log"
    with log.open("wb") as out:
        process = subprocess.Popen([CADDY, "run", "--config", str(caddyfile), "--adapter", "caddyfile"],
                                   stdout=out, stderr=out, env=environment)
    _wait_listening(process, port, log)
    return Running(process, port, log)


def missing(program: str, target: str) -> str | None:
    """Why `program` cannot run (`make nginx` or `make caddy` installs Debian's), or None."""
    path = {"nginx": NGINX, "caddy": CADDY}[program]
    if not (os.access(path, os.X_OK) or shutil.which(program)):
        return f"{program} is missing: run `make {target}` (installs Debian's {target})"
    return None


# --- a stand-in for oauth2-proxy's /oauth2/auth --------------------------------------------

SESSION_HEADER = "X-Test-Session"  # the test's stand-in for the session cookie: a user's name


class StandIn:
    """Answers `/oauth2/auth?allowed_groups=G` as oauth2-proxy does: 401 without a session, 202
    with `X-Auth-Request-User` and `X-Auth-Request-Groups` for a member of G, 403 otherwise;
    `/oauth2/sign_in` says where the user would sign in. `users` maps a name to its groups."""

    def __init__(self, users: dict[str, list[str]]):
        self.users = users
        self.asked: list[tuple[str, str]] = []  # (allowed_groups, user) of every check
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                url = urlsplit(self.path)
                if url.path == "/oauth2/auth":
                    allowed = parse_qs(url.query).get("allowed_groups", [""])[0]
                    user = self.headers.get(SESSION_HEADER, "")
                    stand_in.asked.append((allowed, user))
                    groups = stand_in.users.get(user)
                    if groups is None:
                        self._answer(401)
                    elif allowed and allowed not in groups:
                        self._answer(403)
                    else:
                        self._answer(202, {"X-Auth-Request-User": user, "X-Auth-Request-Groups": ",".join(groups)})
                elif url.path == "/oauth2/sign_in":
                    self._answer(200, body=b"sign in here\n")
                else:
                    self._answer(404)

            def _answer(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args) -> None:  # noqa: A002
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, name="oauth2-stand-in", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
