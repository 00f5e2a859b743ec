"""`quicklooks summarize` end to end: files, folders, stdin, a local URL and bad input."""

from __future__ import annotations

import io
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import bot.cli

ARTICLE = (
    "Harbour Bridge Reopens After Repairs\n\n"
    "The harbour bridge reopened on Monday after two years of repairs costing $40 million. "
    "Engineers replaced 300 steel cables and repainted the main span. "
    "The city council said traffic would not be restricted during rush hour. "
    "Meanwhile, cyclists will get a new lane on the eastern side from next month. "
    "The mayor thanked residents for their patience during the long closure. "
    "Officials expect about 60,000 vehicles to cross the bridge every day."
)
HTML = (
    "<html><head><title>Bridge reopens</title><script>alert(1)</script></head><body>"
    "<article><h1>Bridge reopens</h1>"
    + "".join(f"<p>{s}.</p>" for s in ARTICLE.split("\n\n")[1].split(". "))
    + "</article></body></html>"
)


FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
    + "".join(
        f"<item><title>{title}</title><link>https://news.example/{n}</link>"
        f"<guid>{n}</guid><description>{body}</description></item>"
        for n, (title, body) in enumerate(
            [
                ("Harbour Bridge Reopens After Repairs", ARTICLE.split("\n\n")[1]),
                (
                    "Council Approves New Library",
                    "The city council approved a new central library on Tuesday. "
                    "The building will cost $25 million and open in 2028. "
                    "It will hold 400,000 books and a children's wing. "
                    "The vote was 9-2 after a three-hour debate. "
                    "Two members said the site was too far from the station. "
                    "Construction starts next spring on the old depot site.",
                ),
            ]
        )
    )
    + "</channel></rss>"
)


@pytest.fixture(autouse=True)
def only_our_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    # Other subcommands are built by other modules; these tests exercise ours through main().
    monkeypatch.setattr(
        bot.cli,
        "SUBCOMMANDS",
        {k: v for k, v in bot.cli.SUBCOMMANDS.items() if k in ("summarize", "eval")},
    )


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = bot.cli.main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture()
def article(tmp_path: Path) -> Path:
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_text_output(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["summarize", str(article)], capsys)
    assert code == 0
    assert out.startswith("Harbour Bridge Reopens After Repairs\n\n")
    assert ": Quick Looks\n- " in out


def test_json_bullets_and_engine(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["summarize", str(article), "--json", "--bullets", "2", "--engine", "lead"], capsys
    )
    data = json.loads(out)
    assert code == 0
    assert data["engine"] == "lead"
    assert data["headline"] == "Harbour Bridge Reopens After Repairs"
    assert len(data["bullets"]) == 2


def test_folder_sorted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "b.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "a.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    code, out, _ = run(["summarize", str(tmp_path), "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert [d["headline"] for d in data] == [
        "Bridge reopens",
        "Harbour Bridge Reopens After Repairs",
    ]
    assert "alert" not in out


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    code, out, _ = run(["summarize", "-", "--bullets", "1"], capsys)
    assert code == 0
    assert out.count("\n- ") == 1


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
            return
        if self.path == "/article":
            body = HTML.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        elif self.path == "/feed":
            body = FEED.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
        else:
            body = b"not here"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


LOCAL_FETCH = '[fetch]\nallow_networks = ["127.0.0.1/32"]\nports = ["1024-65535"]\n'


@pytest.fixture()
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    # The fetch policy refuses loopback: these tests allow exactly 127.0.0.1 (and its ports).
    config = tmp_path / "local.toml"
    config.write_text(LOCAL_FETCH, encoding="utf-8")
    monkeypatch.setenv("QUICKLOOKS_CONFIG", str(config))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_follows_redirects(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["summarize", f"{server}/moved", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["headline"] == "Bridge reopens"
    assert any("300 steel cables" in b for b in data["bullets"])


def test_url_errors_are_one_line(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["summarize", f"{server}/missing"], capsys)
    assert code == 2 and "HTTP 404" in err and err.count("\n") == 1
    with socket.socket() as probe:  # a local port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code, _, err = run(["summarize", f"http://127.0.0.1:{port}/nothing"], capsys)
    assert code == 2 and "network error" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("make", "extra", "message"),
    [
        (lambda p: p / "missing.txt", [], "not found"),
        (lambda p: (p / "e.txt").write_text("  \n") and p / "e.txt", [], "empty"),
        (lambda p: (p / "b.txt").write_bytes(b"\x00\xff\x00") and p / "b.txt", [], "binary"),
        (lambda p: (p / "j.txt").write_text("0\n00\n") and p / "j.txt", [], "no sentences"),
        (
            lambda p: (p / "ok.txt").write_text(ARTICLE) and p / "ok.txt",
            ["--bullets", "0"],
            "--bullets",
        ),
        (
            lambda p: (p / "ok.txt").write_text(ARTICLE) and p / "ok.txt",
            ["--engine", "x"],
            "lexrank",
        ),
        (lambda p: p, [], "no .txt"),
    ],
)
def test_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make: object, extra: list[str], message: str
) -> None:
    target = make(tmp_path)  # type: ignore[operator]
    code, _out, err = run(["summarize", str(target), *extra], capsys)
    assert code == 2
    assert message in err and "Traceback" not in err
    assert err.startswith("quicklooks summarize: error:")


def test_empty_stdin_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"  \n")))
    code, _, err = run(["summarize", "-"], capsys)
    assert (code, err) == (2, "quicklooks summarize: error: no text on standard input\n")


def test_summarize_url_follows_the_fetch_policy(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The same local server, but a config that does not allow 127.0.0.1: refused, one line.
    strict = tmp_path / "strict.toml"
    strict.write_text('[fetch]\nports = ["1024-65535"]\n', encoding="utf-8")
    monkeypatch.setenv("QUICKLOOKS_CONFIG", str(strict))
    code, out, err = run(["summarize", f"{server}/article"], capsys)
    assert (code, out) == (2, "")
    assert "refused by the fetch policy: 127.0.0.1, a loopback address" in err
    assert err.count("\n") == 1


def test_a_feed_url_summarises_each_item(server: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["summarize", f"{server}/feed", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert [d["headline"] for d in data] == [
        "Harbour Bridge Reopens After Repairs",
        "Council Approves New Library",
    ]
    assert "<rss" not in out and "<item>" not in out


def test_a_folder_skips_its_readme_and_reports_bad_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "README.md").write_text("# About these files\n\n" + ARTICLE, encoding="utf-8")
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "c.txt").write_bytes(b"\x00\x01\x02")
    code, out, err = run(["summarize", str(tmp_path), "--json"], capsys)
    assert code == 0
    assert [d["headline"] for d in json.loads(out)] == ["Harbour Bridge Reopens After Repairs"]
    assert err.splitlines() == [
        "quicklooks summarize: skipped b.txt: empty",
        "quicklooks summarize: skipped c.txt: a binary file, not an article",
    ]
