from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from indicators.input import imports
from indicators.languages.i18n import use
from indicators.store import Store
from tests.backends import table_digest

APP = str(Path(__file__).parents[2] / "dashboard" / "app.py")
PAGE = str(Path(__file__).parents[2] / "dashboard" / "pages" / "add.py")
SRC = "https://spring96.org/en/news/101"
SERVED = str(Path(__file__).with_name("served_app.py"))  # app.py first, as served: the language is chosen


def in_language(lang):
    """The add page reached through app.py, in `lang`."""
    at = AppTest.from_file(SERVED, default_timeout=60)
    at.query_params["lang"] = lang
    at.run().switch_page("../../dashboard/pages/add.py")  # AppTest learns the navigation on a first run
    return at.run()


@pytest.fixture
def writable(seeded, db_path, monkeypatch):
    """A database as `barometer init` leaves it, served with editing open (local use)."""
    monkeypatch.setenv("BAROMETER_DB", str(db_path))
    monkeypatch.delenv("BAROMETER_READONLY", raising=False)
    monkeypatch.delenv("BAROMETER_EDITOR_PASSWORD", raising=False)


@pytest.fixture
def page(writable):
    """The add page alone."""
    return AppTest.from_file(PAGE, default_timeout=30)


def key(at, name):
    """A field's widget key in the form shown now: each save starts a new form, with keys of its own."""
    return f"add{at.session_state['add_form']}_{name}"


def fill(at, **values):
    at.selectbox(key=key(at, "indicator_id")).set_value(values.pop("indicator_id", "arbitrary_detentions"))
    if "qualifier" in values:
        at.selectbox(key=key(at, "qualifier")).set_value(values.pop("qualifier"))
        at.run()
    for name in ("period_start", "period_end"):
        if name in values:
            at.date_input(key=key(at, name)).set_value(values.pop(name))
    if "note" in values:
        at.text_area(key=key(at, "note")).set_value(values.pop("note"))
    for name, value in values.items():
        at.text_input(key=key(at, name)).set_value(value)
    return at.run()


def good(at):
    return fill(at, value="3000", period_start=date(2021, 3, 1), period_end=date(2021, 3, 30), source_url=SRC,
                entered_by="analyst")


def errors(at) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]


def latest(db_path, indicator="arbitrary_detentions"):
    with Store.open(db_path) as s:
        return s.observations(indicator)[-1]


def test_the_page_offers_every_field_and_no_error_before_saving(page):
    at = page.run()
    assert not at.exception and not at.error
    keys = {w.key for w in [*at.text_input, *at.selectbox, *at.date_input, *at.text_area]}
    assert {"add0_indicator_id", "add0_qualifier", "add0_value", "add0_period_start", "add0_period_end",
            "add0_source_url", "add0_note", "add0_entered_by"} <= keys


def test_an_invalid_entry_shows_the_error_next_to_the_field_and_saves_nothing(page, db_path):
    at = fill(page.run(), value="1.140", period_start=date(2021, 3, 1), source_url="spring96.org",
              entered_by="analyst")
    before = table_digest(db_path)
    at.button(key="add_save").click().run()
    assert not at.exception
    messages = errors(at)
    assert "Value '1.140' is ambiguous: a dot before three digits may separate thousands or mark decimals; write " \
           "1140 if it separates thousands, 1.14 if it marks decimals" in messages
    assert any(m.startswith("Source URL 'spring96.org' is not an http(s) URL") for m in messages)
    assert "Nothing was saved: correct the fields marked above." in messages
    assert table_digest(db_path) == before and not at.success


def test_a_valid_entry_is_previewed_then_saved_with_a_link_to_its_indicator(page, db_path):
    at = good(page.run())
    assert [t.value for t in at.text] == [f"3,000   2021-03-01 – 2021-03-30   {SRC}"]
    preview = at.dataframe[0].value
    assert list(preview["with this observation"]) == [
        "3,000 per 30 days", "≥ 450 per 30 days (≥ 1,140 in 76 days) [covers 34 % of the window]", "at most +567 %",
        "unclear"]
    at.button(key="add_save").click().run()
    row = latest(db_path)
    assert (row["value"], row["period_end"], row["source_url"], row["entered_by"]) == (3000.0, "2021-03-30", SRC,
                                                                                       "analyst")
    assert [s.value for s in at.success] == [f"Saved observation {row['id']}."]
    assert at.dataframe[0].value["id"][0] == row["id"]
    assert "[Open the indicator page](indicator?indicator=arbitrary_detentions&lang=en)" in [m.value for m in at.markdown]


def test_a_range_is_entered_with_low_and_high(page, db_path):
    at = fill(page.run(), indicator_id="trust_president_minsk", qualifier="range", value_low="15",
              value_high="20", period_start=date(2021, 3, 1), source_url=SRC, entered_by="analyst")
    at.button(key="add_save").click().run()
    row = latest(db_path, "trust_president_minsk")
    assert (row["qualifier"], row["value_low"], row["value_high"]) == ("range", 15.0, 20.0)


def test_a_save_clears_the_form_without_warning_about_the_figure_just_saved(page, db_path):
    at = good(page.run())
    before = {w.key for w in at.text_input}
    at.button(key="add_save").click().run()
    assert at.success and not at.warning and not at.error
    # New widgets, not old ones with their keys cleared: a browser would keep showing what an old one held.
    assert not before & {w.key for w in at.text_input}
    assert at.selectbox(key=key(at, "indicator_id")).value is None
    assert at.text_input(key=key(at, "value")).value == "" and at.text_input(key=key(at, "source_url")).value == ""
    assert at.date_input(key=key(at, "period_start")).value is None
    assert at.text_input(key=key(at, "entered_by")).value == "analyst"  # who enters stays
    at.run()
    assert not at.warning and not at.error


def test_the_error_summary_sits_above_the_save_button(page):
    at = fill(page.run(), value="x", period_start=date(2021, 3, 1), source_url=SRC, entered_by="analyst")
    at.button(key="add_save").click().run()
    order = [(type(e).__name__, getattr(e, "key", None) or getattr(e, "value", "")) for e in at.main
             if type(e).__name__ in ("Error", "Button")]
    names = [str(v) for _, v in order]
    summary = next(i for i, n in enumerate(names) if n.startswith("Nothing was saved"))
    assert summary < names.index("add_save")


def test_a_duplicate_is_warned_about_and_refused_until_insisted(page, db_path):
    at = good(page.run())
    at.button(key="add_save").click().run()
    first = latest(db_path)["id"]
    at = good(at)
    assert [w.value for w in at.warning] == [
        f"Observation {first} already records this figure for the same period and source."]
    before = table_digest(db_path)
    at.button(key="add_save").click().run()
    # One message, not a warning and an error saying the same: the error of the save it stopped.
    assert not at.warning and errors(at) == [
        f"Nothing was saved: observation {first} already records this figure for the same period and source. "
        "Tick “Save even if …” to save it anyway."]
    assert table_digest(db_path) == before
    at.checkbox(key=key(at, "allow_duplicate")).check()
    at.button(key="add_save").click().run()
    assert latest(db_path)["id"] == first + 1


def test_a_read_only_deployment_shows_no_editing_control(page, monkeypatch):
    monkeypatch.setenv("BAROMETER_READONLY", "1")
    at = page.run()
    assert "read-only" in at.info[0].value
    assert not at.text_input and not at.button and not at.selectbox and not at.file_uploader


def test_a_password_is_asked_before_any_edit(page, monkeypatch):
    monkeypatch.setenv("BAROMETER_EDITOR_PASSWORD", "correct horse")
    at = page.run()
    assert [w.key for w in at.text_input] == ["editor_password"] and not at.selectbox
    at.text_input(key="editor_password").set_value("wrong")
    at.button[0].click().run()
    assert "Wrong password" in at.error[0].value and not at.selectbox
    at.text_input(key="editor_password").set_value("correct horse")
    at.button[0].click().run()
    assert "Too many wrong passwords" in at.error[0].value and not at.selectbox  # still locked for a second
    at.session_state[auth.THROTTLE_KEY].reset()  # this session's gate: the second has passed
    at.text_input(key="editor_password").set_value("correct horse")
    at.button[0].click().run()
    assert at.selectbox(key=key(at, "indicator_id")) and not at.error


def test_the_password_may_come_from_the_secrets(page):
    page.secrets["BAROMETER_EDITOR_PASSWORD"] = "from secrets"
    at = page.run()
    assert [w.key for w in at.text_input] == ["editor_password"]


def test_the_template_is_offered_and_a_good_upload_is_saved(page, db_path):
    at = page.run()
    assert [b.key for b in at.get("download_button")] == ["template_csv", "template_xlsx"]
    lines = [f"arbitrary_detentions,{n},2021-04-{n:02d},,exact,,,{SRC},,desk" for n in range(1, 4)]
    body = (",".join(imports.COLUMNS) + "\n" + "\n".join(lines) + "\n").encode()
    at.file_uploader(key="import_file").set_value(("figures.csv", body, "text/csv")).run()
    at.button(key="import_go").click().run()
    assert at.success[0].value.startswith("Imported 3 observations")
    assert latest(db_path)["value"] == 3.0


def test_an_upload_with_a_bad_row_names_its_line_and_saves_nothing(page, db_path):
    at = page.run()
    body = (",".join(imports.COLUMNS) + "\n"
            f"arbitrary_detentions,1,2021-04-01,,exact,,,{SRC},,desk\n"
            f"arbitrary_detentions,[x](javascript:1),2021-04-02,,exact,,,{SRC},,desk\n").encode()
    before = table_digest(db_path)
    at.file_uploader(key="import_file").set_value(("figures.csv", body, "text/csv")).run()
    at.button(key="import_go").click().run()
    assert "Nothing was saved." in errors(at)
    assert at.code[0].value.startswith("1 bad line: line 3: value: '[x](javascript:1)' is not a number")
    assert table_digest(db_path) == before


def test_an_observation_saved_on_the_add_page_appears_in_its_indicator_page_table(writable, db_path):
    """The whole app: save through the Add page, then open /indicator?indicator=… as a link would."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.switch_page("pages/add.py")
    good(at.run())
    at.button(key="add_save").click().run()
    saved = latest(db_path)
    assert not at.exception and at.success[0].value == f"Saved observation {saved['id']}."

    at.switch_page("pages/indicator.py")
    at.query_params["indicator"] = "arbitrary_detentions"
    at.run()
    assert not at.exception
    table = next(df.value for df in at.dataframe if "entered_by" in df.value.columns)
    row = table.set_index("id").loc[saved["id"]]
    assert (row["period"], row["value"], row["qualifier"], row["source"], row["entered_by"], row["status"]) == (
        "2021-03-01 – 2021-03-30", "3,000", "exactly", SRC, "analyst", "active")
    assert row["edit"] == f"/edit?observation={saved['id']}&lang=en"


@pytest.mark.parametrize("lang, written", [("en", "1,100"), ("be", "1 100"), ("ru", "1\u00a0100")])
def test_a_figure_is_saved_as_the_reader_writes_thousands(writable, db_path, lang, written):
    with use(lang):  # AppTest formats the widgets' options in the test's own language
        at = fill(in_language(lang), value=written, period_start=date(2021, 3, 1), source_url=SRC,
                  entered_by="analyst")
        at.button(key="add_save").click().run()
    assert not at.exception and not at.error, errors(at)
    assert latest(db_path)["value"] == 1100.0


def test_a_comma_before_three_digits_is_refused_in_belarusian_saying_why(writable, db_path):
    before = table_digest(db_path)
    with use("be"):
        at = fill(in_language("be"), value="1,100", period_start=date(2021, 3, 1), source_url=SRC,
                  entered_by="analyst")
        at.button(key="add_save").click().run()
    assert any("'1,100'" in m and "1100" in m and "1,1" in m for m in errors(at)), errors(at)
    assert table_digest(db_path) == before
