import pytest
from click.testing import CliRunner

from indicators.input import entry
from indicators.cli.main import cli
from indicators.confidentiality import public_view, visible_rows
from indicators.model.observation import Observation

pytestmark = pytest.mark.both_backends

SECRET_SRC = "https://t.me/private_chat/42"
RECORD = {"indicator_id": "arbitrary_detentions", "value": "5", "period_start": "2021-03-01",
          "source_url": SECRET_SRC, "entered_by": "analyst", "note": "witness W., by phone"}


def test_public_view_blanks_what_is_marked_and_leaves_the_row_alone(store, catalogue):
    row = store.get(entry.add(store, catalogue, {**RECORD, "note_confidential": True}))
    shown = public_view(row)
    assert (shown["note"], shown["source_url"]) == (None, SECRET_SRC)
    assert row["note"] == RECORD["note"]


def test_editors_see_everything(store, catalogue):
    row = store.get(entry.add(store, catalogue, {**RECORD, "note_confidential": True, "source_confidential": True}))
    assert visible_rows([row], editor=True) == [row]
    assert visible_rows([row], editor=False)[0]["source_url"] is None


def test_show_in_read_only_mode_never_prints_confidential_details(store, catalogue, db_target):
    entry.add(store, catalogue, {**RECORD, "note_confidential": True, "source_confidential": True})
    for args in (["show", "arbitrary_detentions"], ["show", "arbitrary_detentions", "--json"]):
        result = CliRunner().invoke(cli, ["--db", str(db_target), *args], env={"BAROMETER_READONLY": "1"})
        assert result.exit_code == 0
        assert "witness" not in result.output and "private_chat" not in result.output
    local = CliRunner().invoke(cli, ["--db", str(db_target), "show", "arbitrary_detentions"], env={})
    assert "private_chat" in local.output


def test_list_json_in_read_only_mode_never_prints_a_confidential_source(store, catalogue, db_target):
    entry.add(store, catalogue, {**RECORD, "source_confidential": True})
    result = CliRunner().invoke(cli, ["--db", str(db_target), "list", "--json"], env={"BAROMETER_READONLY": "1"})
    assert result.exit_code == 0 and "private_chat" not in result.output


def test_the_number_of_sources_counts_public_sources_only(store):
    store.append([Observation("arbitrary_detentions", "2021-01-01", "2021-01-31", "exact", url, "a", value=1.0,
                              source_confidential=secret)
                  for url, secret in (("https://a.example/1", False), ("https://witness.example/2", True),
                                      ("https://witness.example/3", True))])
    assert store.source_counts()["arbitrary_detentions"] == 1
