import pytest
from click.testing import CliRunner

from indicators.input import imports
from indicators.cli.main import cli
from indicators.store import Store
from tests.backends import table_digest

pytestmark = pytest.mark.both_backends

SRC = "https://spring96.org/en/news/101"
GOOD = ["--start", "2021-03-01", "--end", "2021-03-31", "--source", SRC, "--by", "analyst"]
HEADER = ",".join(imports.COLUMNS)


def run(db_target, *args, env=None):
    return CliRunner().invoke(cli, ["--db", str(db_target), *args], env=env or {})


@pytest.fixture
def initialized(seeded, db_target):
    """A database with the catalogue and the paper's figures (see tests/conftest.py)."""
    return db_target


def options(**changes):
    """GOOD with some options replaced (None drops the option)."""
    opts = dict(zip(GOOD[::2], GOOD[1::2]))
    opts.update({f"--{k.replace('_', '-')}": v for k, v in changes.items()})
    return [x for k, v in opts.items() if v is not None for x in (k, v)]


def rows(db_target, indicator="arbitrary_detentions"):
    """Every row of the indicator, in the order entered."""
    with Store.open(db_target) as s:
        return sorted(s.observations(indicator, include_inactive=True), key=lambda r: r["id"])


def test_add_prints_the_new_id(initialized):
    result = run(initialized, "add", "arbitrary_detentions", "1500", "--qualifier", "at_least", *GOOD,
                 "--note", "page 2")
    assert result.exit_code == 0, result.output
    new_id = int(result.output)
    (row,) = [r for r in rows(initialized) if r["id"] == new_id]
    assert (row["value"], row["qualifier"], row["period_end"], row["note"]) == (1500.0, "at_least", "2021-03-31",
                                                                                 "page 2")


def test_a_dash_value_with_bounds_is_a_range(initialized):
    result = run(initialized, "add", "trust_president_minsk", "-", "--low", "15", "--high", "20", *GOOD)
    assert result.exit_code == 0, result.output
    row = rows(initialized, "trust_president_minsk")[-1]
    assert (row["qualifier"], row["value"], row["value_low"], row["value_high"]) == ("range", None, 15.0, 20.0)


def test_the_enterer_defaults_to_the_environment(initialized):
    result = run(initialized, "add", "arbitrary_detentions", "3", *options(by=None),
                 env={"BAROMETER_USER": "desk"})
    assert result.exit_code == 0 and rows(initialized)[-1]["entered_by"] == "desk"


# Each case of the validation list, through the command line: exit 2, the field named, nothing written.
BAD_INPUTS = {
    "unknown indicator": (["moon_phase", "5", *GOOD], "indicator_id"),
    "non-numeric value": (["arbitrary_detentions", "many", *GOOD], "value"),
    "ambiguous thousands separator": (["arbitrary_detentions", "1.140", *GOOD], "value"),
    "NaN": (["arbitrary_detentions", "nan", *GOOD], "value"),
    "infinite": (["arbitrary_detentions", "inf", *GOOD], "value"),
    "percent above 100": (["trust_president_minsk", "101", *GOOD], "value"),
    "percent below 0": ([*GOOD, "--", "trust_president_minsk", "-1"], "value"),
    "negative count": ([*GOOD, "--", "arbitrary_detentions", "-3"], "value"),
    "fractional count": (["arbitrary_detentions", "2.5", *GOOD], "value"),
    "end before start": (["arbitrary_detentions", "5", *options(end="2021-02-01")], "period_end"),
    "start in the future": (["arbitrary_detentions", "5", *options(start="2999-01-01", end=None)], "period_start"),
    "impossible date": (["arbitrary_detentions", "5", *options(start="2021-02-30")], "period_start"),
    "not a date": (["arbitrary_detentions", "5", *options(start="01/03/2021")], "period_start"),
    "missing source": (["arbitrary_detentions", "5", *options(source=None)], "source_url"),
    "source not http(s)": (["arbitrary_detentions", "5", *options(source="ftp://spring96.org/x")], "source_url"),
    "javascript source": (["arbitrary_detentions", "5", *options(source="javascript:alert(1)")], "source_url"),
    "range without high": (["trust_president_minsk", "-", "--low", "15", *GOOD], "value_high"),
    "range low above high": (["trust_president_minsk", "-", "--low", "20", "--high", "15", *GOOD], "value_high"),
    "bounds without range": (["trust_president_minsk", "17", "--qualifier", "exact", "--low", "15", *GOOD],
                             "value_low"),
    "qualifier outside vocabulary": (["arbitrary_detentions", "5", "--qualifier", "roughly", *GOOD], "--qualifier"),
    "note over 2,000 characters": (["arbitrary_detentions", "5", "--note", "x" * 2001, *GOOD], "note"),
    "missing enterer": (["arbitrary_detentions", "5", *options(by="  ")], "entered_by"),
}


@pytest.mark.parametrize("args,field", BAD_INPUTS.values(), ids=BAD_INPUTS.keys())
def test_each_bad_input_exits_2_naming_the_field_and_writes_nothing(initialized, args, field):
    before = table_digest(initialized)
    result = run(initialized, "add", *args)
    assert result.exit_code == 2, result.output
    assert field in result.output
    assert table_digest(initialized) == before


def test_a_duplicate_is_refused_naming_the_existing_id_unless_insisted(initialized):
    first = run(initialized, "add", "arbitrary_detentions", "5", *GOOD).output.strip()
    before = table_digest(initialized)
    again = run(initialized, "add", "arbitrary_detentions", "5", *GOOD)
    assert again.exit_code == 2 and f"observation {first} already records" in again.output
    assert "--allow-duplicate" in again.output and table_digest(initialized) == before
    assert run(initialized, "add", "arbitrary_detentions", "5", *GOOD, "--allow-duplicate").exit_code == 0


def test_correct_keeps_what_is_not_given_and_supersedes_the_old_row(initialized):
    old = run(initialized, "add", "arbitrary_detentions", "5", *GOOD, "--note", "n").output.strip()
    result = run(initialized, "correct", old, "6", "--reason", "typo in the report", "--by", "editor")
    assert result.exit_code == 0, result.output
    new = int(result.output)
    by_id = {r["id"]: r for r in rows(initialized)}
    assert by_id[int(old)]["status"] == "superseded" and by_id[int(old)]["status_reason"] == "typo in the report"
    assert (by_id[new]["value"], by_id[new]["supersedes"], by_id[new]["note"], by_id[new]["period_end"],
            by_id[new]["entered_by"]) == (6.0, int(old), "n", "2021-03-31", "editor")


def test_correct_can_turn_a_figure_into_a_range(initialized):
    old = run(initialized, "add", "trust_president_minsk", "17", *GOOD).output.strip()
    result = run(initialized, "correct", old, "-", "--low", "15", "--high", "20", "--by", "editor")
    assert result.exit_code == 0, result.output
    row = rows(initialized, "trust_president_minsk")[-1]
    assert (row["qualifier"], row["value"], row["value_low"], row["value_high"]) == ("range", None, 15.0, 20.0)


def test_correct_with_bad_input_or_an_unknown_id_writes_nothing(initialized):
    old = run(initialized, "add", "arbitrary_detentions", "5", *GOOD).output.strip()
    before = table_digest(initialized)
    bad = run(initialized, "correct", old, "abc")
    assert bad.exit_code == 2 and "value" in bad.output
    missing = run(initialized, "correct", "99999", "7")
    assert missing.exit_code == 2 and "no observation with id 99999" in missing.output
    assert table_digest(initialized) == before


def test_retract_needs_a_reason_and_keeps_the_row(initialized):
    obs_id = run(initialized, "add", "arbitrary_detentions", "5", *GOOD).output.strip()
    assert run(initialized, "retract", obs_id).exit_code == 2
    result = run(initialized, "retract", obs_id, "--reason", "withdrawn by the source")
    assert result.exit_code == 0
    row = [r for r in rows(initialized) if r["id"] == int(obs_id)][0]
    assert (row["status"], row["status_reason"]) == ("retracted", "withdrawn by the source")
    again = run(initialized, "retract", obs_id, "--reason", "twice")
    assert again.exit_code == 2 and "retracted" in again.output


def test_a_read_only_deployment_refuses_every_write_with_a_clear_message(initialized, tmp_path):
    obs_id = run(initialized, "add", "arbitrary_detentions", "5", *GOOD).output.strip()
    file = tmp_path / "f.csv"
    file.write_text(f"{HEADER}\narbitrary_detentions,6,2021-01-01,,,,,{SRC},,a\n")
    before = table_digest(initialized)
    for args in (["add", "arbitrary_detentions", "6", *GOOD], ["correct", obs_id, "7"],
                 ["retract", obs_id, "--reason", "x"], ["import", str(file)]):
        result = run(initialized, *args, env={"BAROMETER_READONLY": "1"})
        assert result.exit_code == 2 and "read-only" in result.output, args
    assert table_digest(initialized) == before


def import_file(tmp_path, lines, name="figures.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_line(n):
    return f"arbitrary_detentions,{n},2021-01-{n:02d},,exact,,,{SRC},,analyst"


def test_import_saves_a_good_file(initialized, tmp_path):
    result = run(initialized, "import", str(import_file(tmp_path, [good_line(n) for n in range(1, 11)])))
    assert result.exit_code == 0, result.output
    assert result.output.startswith("imported 10 observations from")
    assert [r["value"] for r in rows(initialized)][-10:] == [float(n) for n in range(1, 11)]


def test_import_with_one_bad_row_among_good_ones_names_its_line_and_saves_nothing(initialized, tmp_path):
    lines = [good_line(n) for n in range(1, 11)]
    lines[6] = lines[6].replace(SRC, "www.spring96.org")
    before = table_digest(initialized)
    result = run(initialized, "import", str(import_file(tmp_path, lines)))
    assert result.exit_code == 2
    assert "line 8: source_url: 'www.spring96.org' is not an http(s) URL" in result.output
    assert table_digest(initialized) == before


def test_import_reads_xlsx_and_fills_the_enterer_from_by(initialized, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(list(imports.COLUMNS))
    book.active.append(["arbitrary_detentions", 12, "2021-05-01", None, None, None, None, SRC, None, None])
    book.save(tmp_path / "f.xlsx")
    result = run(initialized, "import", str(tmp_path / "f.xlsx"), "--by", "desk")
    assert result.exit_code == 0, result.output
    assert (rows(initialized)[-1]["value"], rows(initialized)[-1]["entered_by"]) == (12.0, "desk")


def test_import_of_a_large_file_shows_progress(initialized, tmp_path):
    lines = [f"arbitrary_detentions,{n},2021-01-01,,exact,,,{SRC}/{n},,analyst" for n in range(6000)]
    result = CliRunner().invoke(cli, ["--db", str(initialized), "import", str(import_file(tmp_path, lines))])
    assert result.exit_code == 0, result.output
    assert "checking 6,000 rows" in result.stderr and "imported 6,000 observations" in result.stdout


def test_import_template_writes_an_empty_template_once(initialized, tmp_path):
    target = tmp_path / "t.xlsx"
    assert run(initialized, "import", "--template", str(target)).exit_code == 0
    assert imports.read_lines(target) == []
    again = run(initialized, "import", "--template", str(target))
    assert again.exit_code == 2 and "already exists" in again.output


def test_import_without_a_file_or_of_a_missing_file_is_bad_input(initialized, tmp_path):
    assert run(initialized, "import").exit_code == 2
    assert run(initialized, "import", str(tmp_path / "nope.csv")).exit_code == 2


@pytest.mark.parametrize("command", ["add", "correct", "retract", "import"])
def test_every_entry_command_has_help_with_an_example_or_summary(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and len(result.output.splitlines()) > 5


@pytest.mark.parametrize("lang, written, ambiguous", [("en", "1,100", "1.100"), ("be", "1 100", "1,100"),
                                                       ("ru", "1 100", "1,100")])
def test_add_and_import_read_a_thousands_separator_alike_and_refuse_the_same_ambiguity(initialized, tmp_path, lang,
                                                                                       written, ambiguous):
    added = run(initialized, "--lang", lang, "add", "arbitrary_detentions", written, *GOOD)
    assert added.exit_code == 0, added.output
    line = f'arbitrary_detentions,"{written}",2021-02-01,,exact,,,{SRC},,analyst'
    imported = run(initialized, "--lang", lang, "import", str(import_file(tmp_path, [line])))
    assert imported.exit_code == 0, imported.output
    assert [r["value"] for r in rows(initialized)][-2:] == [1100.0, 1100.0]
    refused_add = run(initialized, "--lang", lang, "add", "arbitrary_detentions", ambiguous, *GOOD)
    bad = f'arbitrary_detentions,"{ambiguous}",2021-02-02,,exact,,,{SRC},,analyst'
    refused_import = run(initialized, "--lang", lang, "import", str(import_file(tmp_path, [bad])))
    assert refused_add.exit_code == refused_import.exit_code == 2
    said = refused_add.output.split("value: ", 1)[1].strip()
    assert said in refused_import.output  # the same words, from the one validation path
