"""Configuration: a bad file fails at start naming the file, the key and the reason."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.settings import SHIPPED_CONFIG, load_config, load_settings
from tests.conftest import PROJECT_ROOT


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "quicklooks.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_default_config_reads_the_seeds_folder() -> None:
    config = load_config(SHIPPED_CONFIG)
    assert SHIPPED_CONFIG.read_bytes() == (PROJECT_ROOT / "config" / "quicklooks.toml").read_bytes()
    (source,) = config.sources
    assert (source.name, source.kind) == ("Samples", "folder")
    assert Path(config.location_of(source)).resolve() == (PROJECT_ROOT / "seeds").resolve()
    assert config.ingest.interval == timedelta(minutes=15)
    assert 0 < config.ingest.cluster_threshold <= 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[ingest\n", "invalid TOML"),
        ("[ingest]\nintervall = '15m'\n", "ingest.intervall: Extra inputs are not permitted"),
        ("[ingest]\ninterval = 'soon'\n", "ingest.interval: Value error, not a duration"),
        ("[ingest]\nconcurrency = 0\n", "ingest.concurrency: Input should be greater than"),
        ("[ingest]\ncluster_threshold = 1.5\n", "ingest.cluster_threshold: Input should be"),
        ("[[sources]]\nname = 'W'\nkind = 'feed'\n", "sources.0.url: Field required"),
        (
            "[[sources]]\nname = 'W'\nkind = 'feed'\nurl = 'file:///etc/passwd'\n",
            "sources.0.url: Value error, a feed source needs an http(s) 'url'",
        ),
        ("[[sources]]\nname = 'F'\nkind = 'folder'\n", "sources.0.path: Field required"),
        (
            "[[sources]]\nname = 'F'\nkind = 'folder'\npath = 'x'\nurl = 'http://a'\n",
            "sources.0.url: Extra inputs are not permitted",
        ),
        ("[[sources]]\nname = 'X'\nkind = 'ftp'\nurl = 'http://a'\n", "sources.0.kind"),
        (
            "[[sources]]\nname='A'\nkind='page'\nurl='http://a'\n"
            "[[sources]]\nname='A'\nkind='page'\nurl='http://b'\n",
            "duplicate source names: A",
        ),
        ("base_dir = '/'\n", "base_dir: not a setting"),
        ("[feeds]\nallow_user_feeds = 'all'\n", "feeds.allow_user_feeds: Input should be"),
        ("[feeds]\nmax_per_chat = -1\n", "feeds.max_per_chat: Input should be greater"),
        ("[feeds]\nmin_interval = '0s'\n", "feeds.min_interval: Value error, min_interval"),
        ("[feeds]\nmax_totl = 5\n", "feeds.max_totl: Extra inputs are not permitted"),
    ],
)
def test_bad_files_name_the_file_key_and_reason(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)


def test_a_missing_file_says_how_to_point_at_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found \\(set QUICKLOOKS_CONFIG\\)"):
        load_config(tmp_path / "nope.toml")


def test_folder_paths_are_relative_to_the_config_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, "[[sources]]\nname='F'\nkind='folder'\npath='news'\n"))
    assert config.location_of(config.sources[0]) == str(tmp_path / "news")


def test_env_overrides_the_config_path_and_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QUICKLOOKS_CONFIG", str(tmp_path / "mine.toml"))
    monkeypatch.setenv("QUICKLOOKS_DATABASE_URL", "postgresql+asyncpg://u@h/db")
    settings = load_settings()
    assert settings.config_path() == tmp_path / "mine.toml"
    assert settings.database_url == "postgresql+asyncpg://u@h/db"


def test_bad_environment_values_are_config_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QUICKLOOKS_ADMIN_IDS", "12, abc")
    with pytest.raises(ConfigError, match="QUICKLOOKS_ADMIN_IDS"):
        load_settings()


def test_without_queries_the_defaults_stay_and_an_empty_list_turns_them_off(
    tmp_path: Path,
) -> None:
    assert [q.name for q in load_config(write(tmp_path, "")).queries] == ["absent", "remote"]
    assert load_config(write(tmp_path, "queries = []\n")).queries == []
    custom = "[[queries]]\nname = 'quake'\ndescription = 'Earthquakes'\ncues = ['quake']\n"
    assert [q.name for q in load_config(write(tmp_path, custom)).queries] == ["quake"]


def test_a_query_named_like_a_built_in_command_is_one_config_error(tmp_path: Path) -> None:
    from bot.telegram.commands import command_table

    text = "[[queries]]\nname = 'digest'\ndescription = 'Clash'\ncues = ['x']\n"
    with pytest.raises(ConfigError, match="queries: /digest is a built-in command"):
        command_table(load_config(write(tmp_path, text)))


def test_query_exclude_cues_load_and_default_to_none() -> None:
    from bot.settings import AppConfig

    query = {"name": "hurt", "description": "Who was hurt", "cues": ["injured"]}
    config = AppConfig.model_validate({"queries": [{**query, "exclude": ["injured reserve"]}]})
    assert config.queries[0].exclude == ["injured reserve"]
    bare = AppConfig.model_validate({"queries": [query]})
    assert bare.queries[0].exclude == []
