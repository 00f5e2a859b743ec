"""`quicklooks eval` on tiny datasets written by the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import bot.cli

ROW = {
    "id": "a1",
    "article": (
        "The harbour bridge reopened on Monday after two years of repairs. "
        "Engineers replaced 300 steel cables and repainted the main span. "
        "The mayor thanked residents for their patience during the closure. "
        "Officials expect 60,000 vehicles to cross the bridge every day."
    ),
    "article_lines": ["ignored"],
    "highlights": ["Harbour bridge reopened after two years of repairs .", "300 cables replaced ."],
}


@pytest.fixture(autouse=True)
def only_our_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        bot.cli, "SUBCOMMANDS", {k: v for k, v in bot.cli.SUBCOMMANDS.items() if k == "eval"}
    )


def write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_eval_table_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write(tmp_path / "d.jsonl", [json.dumps(ROW), json.dumps({**ROW, "id": "a2"})])
    out_json = tmp_path / "r.json"
    code = bot.cli.main(
        ["eval", str(data), "--engines", "quicklooks,lexrank", "--json-out", str(out_json)]
    )
    out, err = capsys.readouterr()
    assert code == 0
    assert "| quicklooks |" in out and "| lead |" in out and "| lexrank |" in out
    report = json.loads(out_json.read_text())
    engines = {r["engine"]: r for r in report["results"]}
    assert set(engines) == {"quicklooks", "lead", "lexrank"}
    assert engines["lead"]["articles"] == 2
    assert 0 < engines["lead"]["rouge1"] <= 100
    assert engines["lead"]["ms_per_article"] >= 0
    assert "article" in err  # tqdm progress goes to stderr


def test_eval_limit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = write(tmp_path / "d.jsonl", [json.dumps(ROW)] * 3)
    out_json = tmp_path / "r.json"
    assert bot.cli.main(["eval", str(data), "--limit", "1", "--json-out", str(out_json)]) == 0
    assert json.loads(out_json.read_text())["results"][0]["articles"] == 1


@pytest.mark.parametrize(
    ("lines", "args", "message"),
    [
        (None, [], "not found"),
        (["{not json"], [], ":1: not valid JSON"),
        ([json.dumps({"article": "Text here."})], [], "missing field 'highlights'"),
        ([json.dumps({**ROW, "highlights": "x"})], [], "list of strings"),
        ([json.dumps({**ROW, "article": " "})], [], "non-empty"),
        ([json.dumps([1, 2])], [], "JSON object"),
        ([""], [], "empty"),
        ([json.dumps(ROW)], ["--engines", "nope"], "unknown engine"),
        ([json.dumps(ROW)], ["--limit", "0"], "--limit"),
    ],
)
def test_bad_dataset(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    lines: list[str] | None,
    args: list[str],
    message: str,
) -> None:
    path = tmp_path / "d.jsonl"
    if lines is not None:
        write(path, lines)
    code = bot.cli.main(["eval", str(path), *args])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err and err.startswith("quicklooks eval: error:")
