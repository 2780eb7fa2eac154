"""Which files a project may have the generator read (issue 12, case 5; generator/sources/project_files.py).

A pull request or a vendor file can be a symbolic link, a named pipe or a device instead of a
file. Each must be refused at its own path, quickly, and nothing it points to may reach a
site: a link in a play folder to /proc/self/environ used to publish the build's environment.
Links that stay inside the project keep working.
"""

from __future__ import annotations

import os
import resource
import socket
import stat
import struct
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from . import forked
from .conftest import assert_refused, base_project, playbooks
from .forked import fork_server  # noqa: F401 - the module's fork server

PLAY = Path("playbooks/governance/sync-play.md")  # vendor-visible, in the base project
VENDOR = Path("content/vendors/acme.yml")


def png(text: bytes = b"") -> bytes:
    """A real 1x1 PNG image, carrying `text` in a tEXt chunk (to find it again in a site)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    extra = chunk(b"tEXt", b"Comment\0" + text) if text else b""
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + extra + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b"")


def link_image_from_play(project: Path, name: str) -> None:
    """Make the vendor-visible play show the image `name` (relative to its folder)."""
    play = project / PLAY
    play.write_text(play.read_text("utf-8") + f"\n![Diagram]({name})\n", "utf-8")


def holds(folder: Path, needle: bytes) -> list[str]:
    """The regular files under `folder` (links not followed) whose bytes contain `needle`."""
    found = []
    for path in folder.rglob("*"):
        if not path.is_symlink() and path.is_file() and needle in path.read_bytes():
            found.append(str(path.relative_to(folder)))
    return found


@contextmanager
def memory_capped(limit: int = 2 * 1024**3) -> Iterator[None]:
    """Child processes started inside get at most `limit` bytes of address space: on code that
    reads /dev/zero to the end they die of MemoryError instead of taking the machine down."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def build_both(project: Path, env: dict[str, str] | None = None) -> None:
    """The internal site and the vendor's site must both be refused."""
    # In child processes (timeout): /proc/self/environ holds the environment a process started with.
    internal = playbooks("build", "--root", project, env=env, timeout=120)
    vendor = playbooks("build", "--root", project, "--vendor", "acme", "--site-dir", project / "partner", env=env, timeout=120)
    for result in (internal, vendor):
        assert_refused(result, "leads outside the project, to `")
    assert not (project / "site").exists() and not (project / "partner").exists()


# --- links leading out of the project ----------------------------------------------------


@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/passwd"])
def test_an_image_linked_out_of_the_project_is_refused_and_never_published(tmp_path, target):
    project = base_project(tmp_path / "project")
    (project / PLAY.parent / "diagram.png").symlink_to(target)
    link_image_from_play(project, "diagram.png")
    secret = b"SECRET_CI_TOKEN=hostile-inputs-4f9c1d" if "environ" in target else Path(target).read_bytes().split(b"\n")[0]
    build_both(project, env={"SECRET_CI_TOKEN": "hostile-inputs-4f9c1d"})
    result = playbooks("validate", "--root", project)
    assert_refused(result, f"playbooks/governance/diagram.png:1:1: leads outside the project, to `{os.path.realpath(target)}"
                   if "environ" not in target else "playbooks/governance/diagram.png:1:1: leads outside the project, to `/proc/")
    assert holds(project, secret) == []


def test_a_vendor_file_linked_out_of_the_project_is_refused_and_never_published(tmp_path):
    project = base_project(tmp_path / "project")
    outside = tmp_path / "elsewhere" / "beta.yml"
    outside.parent.mkdir()
    outside.write_text((project / VENDOR).read_text("utf-8").replace("Acme Ltd.", "Beta Outside 9d2e"), "utf-8")
    (project / "content/vendors/beta.yml").symlink_to(outside)
    build_both(project)
    result = playbooks("validate", "--root", project)
    assert_refused(result, f"content/vendors/beta.yml:1:1: leads outside the project, to `{outside.resolve()}`: the generator "
                           "reads only files inside the project folder; copy the file into the project instead of linking to it")
    assert holds(project, b"Beta Outside 9d2e") == []


def test_a_vendor_file_linked_to_dev_zero_is_refused_at_once(tmp_path):
    project = base_project(tmp_path / "project")
    (project / "content/vendors/zero.yml").symlink_to("/dev/zero")
    with memory_capped():
        result = playbooks("validate", "--root", project, timeout=120)
    assert_refused(result, "content/vendors/zero.yml:1:1: leads outside the project, to `/dev/zero`")


@pytest.mark.parametrize("name", ["content/organization.yml", "playbooks/roles.yml", "mkdocs.yml"])
def test_a_settings_file_linked_out_of_the_project_is_refused(tmp_path, name):
    project = base_project(tmp_path / "project")
    outside = tmp_path / "elsewhere.yml"
    outside.write_bytes((project / name).read_bytes())
    (project / name).unlink()
    (project / name).symlink_to(outside)
    assert_refused(playbooks("validate", "--root", project), f"{name}:1:1: leads outside the project, to `{outside.resolve()}`")


def test_a_playbook_folder_linked_out_of_the_project_is_refused(tmp_path):
    project = base_project(tmp_path / "project")
    outside = tmp_path / "elsewhere"
    (outside / "extra").mkdir(parents=True)
    (outside / "extra" / "index.md").write_text("---\ntitle: Outside 51c7\nsummary: From elsewhere.\n---\nText.\n", "utf-8")
    (project / "playbooks/extra").symlink_to(outside / "extra")
    result = playbooks("validate", "--root", project)
    assert_refused(result, f"playbooks/extra:1:1: leads outside the project, to `{(outside / 'extra').resolve()}`")


def test_a_folder_in_a_playbook_linked_out_of_the_project_is_refused(tmp_path):
    project = base_project(tmp_path / "project")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "diagram.png").write_bytes(png(b"outside"))
    (project / PLAY.parent / "pictures").symlink_to(outside)
    link_image_from_play(project, "pictures/diagram.png")
    assert_refused(playbooks("validate", "--root", project), "playbooks/governance/pictures:1:1: leads outside the project")


def test_a_link_looping_back_into_a_playbook_folder_is_refused(tmp_path):
    project = base_project(tmp_path / "project")
    (project / PLAY.parent / "again").symlink_to(".")
    result = forked.playbooks("validate", "--root", project, timeout=120)
    assert_refused(result, "playbooks/governance/again:1:1: leads to `playbooks/governance`, whose files are read already "
                           "(a loop, or a second name for the same folder): remove the link")


# --- links that stay inside the project keep working ------------------------------------


def test_links_inside_the_project_are_followed(tmp_path):
    project = base_project(tmp_path / "project")
    shared = project / "shared"
    shared.mkdir()
    (shared / "beta.yml").write_text((project / VENDOR).read_text("utf-8").replace("Acme Ltd.", "Beta Inside"), "utf-8")
    (project / "content/vendors/beta.yml").symlink_to("../../shared/beta.yml")
    image = png(b"inside 0b6a")
    (shared / "diagram.png").write_bytes(image)
    (project / PLAY.parent / "diagram.png").symlink_to("../../shared/diagram.png")
    link_image_from_play(project, "diagram.png")
    result = playbooks("build", "--root", project)
    assert result.returncode == 0, result.stderr
    assert (project / "site/playbooks/governance/diagram.png").read_bytes() == image
    assert "Beta Inside" in (project / "site/vendors/beta/index.html").read_text("utf-8")


# --- what is no regular file --------------------------------------------------------------


@pytest.mark.parametrize("name", ["content/vendors/pipe.yml", "content/organization.yml", "playbooks/governance/pipe.md",
                                  "playbooks/governance/index.md"])
def test_a_named_pipe_is_refused_without_waiting(tmp_path, name):
    project = base_project(tmp_path / "project")
    (project / name).unlink(missing_ok=True)
    os.mkfifo(project / name)
    result = forked.playbooks("validate", "--root", project, timeout=120)
    assert_refused(result, f"{name}:1:1: is a named pipe (FIFO), not a regular file: the generator reads only regular "
                           "files; replace it with one or remove it")


def test_a_named_pipe_as_an_image_is_refused_without_waiting(tmp_path):
    project = base_project(tmp_path / "project")
    os.mkfifo(project / PLAY.parent / "diagram.png")
    link_image_from_play(project, "diagram.png")
    result = forked.playbooks("build", "--root", project, timeout=120)
    assert_refused(result, "playbooks/governance/diagram.png:1:1: is a named pipe (FIFO), not a regular file")


def test_a_socket_is_refused(tmp_path, monkeypatch):
    project = base_project(tmp_path / "project")
    monkeypatch.chdir(project / "content/vendors")  # a socket's path is limited to 108 bytes
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind("sock.yml")
        result = forked.playbooks("validate", "--root", project, timeout=120)
    assert_refused(result, "content/vendors/sock.yml:1:1: is a socket, not a regular file")


def test_a_device_inside_the_project_is_refused_unopened(tmp_path):
    project = base_project(tmp_path / "project")
    try:
        os.mknod(project / "content/vendors/zero.yml", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero
    except PermissionError:
        pytest.skip("creating a device file needs root")
    with memory_capped():
        result = playbooks("validate", "--root", project, timeout=120)
    assert_refused(result, "content/vendors/zero.yml:1:1: is a device, not a regular file")


@pytest.mark.parametrize("name", ["content/vendors/beta.yml", "content/organization.yml"])
def test_a_folder_named_like_a_yaml_file_is_refused(tmp_path, name):
    project = base_project(tmp_path / "project")
    (project / name).unlink(missing_ok=True)
    (project / name).mkdir()
    assert_refused(playbooks("validate", "--root", project), f"{name}:1:1: is a folder, not a regular file")


def test_an_image_over_its_limit_is_refused(tmp_path):
    project = base_project(tmp_path / "project")
    (project / PLAY.parent / "big.png").write_bytes(png().ljust(5 * 1024 * 1024 + 1, b"\0"))
    assert_refused(playbooks("validate", "--root", project),
                   "playbooks/governance/big.png:1:1: file is 5242881 bytes; the limit is 5242880 bytes (5120 KiB): "
                   "make the image smaller")


def test_a_mkdocs_yml_that_is_no_utf8_text_is_refused_without_a_traceback(tmp_path):
    project = base_project(tmp_path / "project")
    (project / "mkdocs.yml").write_bytes(b"site_name: Caf\xe9\n")
    assert_refused(playbooks("validate", "--root", project), "mkdocs.yml:1:15: file is not valid UTF-8 text: save it as UTF-8")
