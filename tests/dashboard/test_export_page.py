"""The export page: choose a week and the as-known-then switch, preview the brief, download every file."""
import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from dashboard import exports
from indicators.cli.main import cli
from indicators.model.observation import Observation
from indicators.reports.snapshot.compute import IsoWeek
from indicators.store import Store

PAGE = str(Path(__file__).parents[2] / "dashboard" / "pages" / "export.py")
LEVEL = "exchange_rate_byn_usd"


@pytest.fixture
def page(seeded, db_path, monkeypatch):
    seeded.append([Observation(LEVEL, "2020-07-21", "2020-07-21", "exact", "https://www.nbrb.by/", "a", value=2.4,
                               note="<img src=x onerror=alert(1)> **loud** :red[x] $x$")])
    monkeypatch.setenv("BAROMETER_DB", str(db_path))
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.query_params["week"] = "2020-W30"
    return at


def texts(at) -> list[str]:
    return [t.value for t in at.text]


def test_week_choices_are_complete_weeks_newest_first():
    weeks = exports.week_choices(date(2020, 7, 27))
    assert weeks[:2] == ["2020-W30", "2020-W29"] and weeks[-1] == "2010-W01"


def test_the_bundle_offers_the_zip_then_each_file_named_by_week(seeded, db_path):
    bundle = exports.build(str(db_path), "2020-W30", False, "en")
    labels = [d[0] for d in bundle.downloads()]
    assert labels == ["barometer-2020-W30.zip", "report.html", "report.md", "snapshot.xlsx", "snapshot.csv",
                      "snapshot.json", "datapackage.json"]
    assert bundle.downloads()[1][1] == "2020-W30-report.html"
    with zipfile.ZipFile(io.BytesIO(bundle.files["barometer-2020-W30.zip"])) as zf:
        assert "charts/verdicts.png" in zf.namelist()


def test_the_page_previews_the_chosen_week_and_offers_every_download(page):
    at = page.run()
    assert not at.exception
    assert at.selectbox(key="export_week").value == "2020-W30"
    assert any("week 2020-W30" in h.value for h in at.header)
    assert any("Figures for periods ending by then" in t for t in texts(at))
    assert len(at.get("download_button")) == 9  # the snapshot's seven, the public database and its metadata
    assert len(at.get("image")) >= 1
    tables = [df.value for df in at.dataframe]
    assert any("Exchange rate, BYN per USD" in set(t.get("Indicator", [])) for t in tables)


def test_the_public_database_offered_is_the_file_barometer_publish_writes_for_the_weeks_sunday(seeded, db_path,
                                                                                               tmp_path):
    offered = exports.public_database(str(db_path), "2020-W30", "be")
    assert (offered.name, offered.metadata_name) == ("barometer-public-2020-W30.db",
                                                     "barometer-public-2020-W30.metadata.json")
    out = tmp_path / offered.name
    result = CliRunner().invoke(cli, ["--db", str(db_path), "publish", str(out), "--as-of", "2020-07-26",
                                      "--lang", "be"])
    assert result.exit_code == 0, result.output
    assert offered.database == out.read_bytes()
    assert offered.metadata == (tmp_path / offered.metadata_name).read_bytes()


def test_as_known_then_leaves_out_what_was_entered_after_the_week(page):
    at = page.run()
    at.toggle(key="export_as_known_then").set_value(True).run()
    assert not at.exception
    assert any("As known then" in t for t in texts(at))
    assert any("0 with a figure for this week" in t for t in texts(at))  # everything was entered today


def test_user_text_is_shown_as_text_never_as_markdown(page):
    at = page.run()
    shown = [t for t in texts(at) if "onerror" in t]
    assert shown and all("<img src=x onerror=alert(1)> **loud** :red[x] $x$" in t for t in shown)
    assert not any("onerror" in m.value for m in at.markdown)


def test_the_page_opens_on_the_latest_complete_week_with_a_figure(seeded, db_path, monkeypatch):
    """The paper's latest figures end on 2020-07-20 (week 30); nothing later, so that week is the default."""
    monkeypatch.setenv("BAROMETER_DB", str(db_path))
    with Store.open(db_path) as store:
        latest = store.latest_period_end_by(date.today().isoformat())
        assert exports.default_week(store, date.today()) == IsoWeek.containing(date.fromisoformat(latest)).label
        assert exports.default_week(store, date(2020, 7, 22)) == "2020-W29"  # week 30 is not over by then
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception
    assert at.selectbox(key="export_week").value == IsoWeek.containing(date.fromisoformat(latest)).label


def test_preview_tables_lead_with_the_standing_and_sources_show_each_address_once(page):
    at = page.run()
    family = next(df.value for df in at.dataframe if "Verdict" in df.value.columns)
    assert list(family.columns)[:3] == ["Indicator", "Against 2020", "Verdict"]
    links = [df.value for df in at.dataframe if "source" in df.value.columns]
    assert links and all("as written" not in t.columns for t in links)


def test_an_address_that_is_not_a_web_link_is_shown_as_written_beside_an_empty_link():
    from indicators.reports.snapshot.report import Link
    (block,) = exports.preview_blocks([("ul", [[Link("https://a.org", "x")], [Link("ftp://b.org/x", "y")]])])
    assert block[0] == "links"
    shown = block[1].astype(object).where(block[1].notna(), None)
    assert list(shown["source"]) == ["https://a.org", None] and list(shown["as written"]) == [None, "ftp://b.org/x"]


def test_the_page_opens_on_the_latest_week_with_an_entry_though_its_figure_covers_an_older_period(
        seeded, db_path, monkeypatch, catalogue):
    """A figure entered last week for a period of 2021: last week has news, so the page opens on it; what the install
    shipped (entered this week or any week) is not news."""
    today = date.today()
    last = IsoWeek.containing(date.fromordinal(today.toordinal() - 7))
    seeded.append([Observation(LEVEL, "2021-03-01", "2021-03-01", "exact", "https://www.nbrb.by/", "anna", value=2.6)],
                  entered_at=f"{last.monday.isoformat()}T09:00:00.000000Z")
    with Store.open(db_path) as store:
        assert exports.default_week(store, today, catalogue) == last.label
    monkeypatch.setenv("BAROMETER_DB", str(db_path))
    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception and at.selectbox(key="export_week").value == last.label
    assert not any(t.startswith("Nothing changed this week") for t in texts(at))  # its brief has the entry
