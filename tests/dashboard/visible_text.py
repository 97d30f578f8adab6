"""What a page run shows a reader, as text, and which English words are left in it.

`texts(at)` reads every element Streamlit's AppTest holds: the string fields of each element's message (titles,
captions, labels, options, placeholders, help), the labels of table columns and the cells of the columns shown,
and from each chart its titles, descriptions, label expressions and the data its tooltips and texts show.
`english_left(texts, allowed)` gives the words in Latin letters that are not part of an allowed phrase: the
pseudo-language writes every message in accented letters, and Belarusian and Russian in Cyrillic, so a word left
in plain Latin letters is one that bypassed translation, unless it is data (the catalogue's texts, figures' notes
and sources, addresses, ids) or a proper name.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator

import pandas as pd
from google.protobuf.message import Message
from streamlit import dataframe_util

# Fields of element messages that are not shown as text: ids, HTML tags, column keys, themes, formats.
HIDDEN_FIELDS = {"id", "tag", "column_order", "uuid", "theme", "form_id", "query_param_key", "format", "name",
                 "spec", "columns", "type", "url_path", "mime", "url", "language", "raw_value", "default",
                 "file_id", "deploy_params", "icon", "page_script_hash", "styles", "autocomplete"}
# Keys of a chart's specification whose strings are shown: titles, descriptions (what a screen reader announces).
SHOWN_SPEC_KEYS = {"title", "description"}
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
# Addresses, the dashboard's own included (a Markdown link's text before its "](" is not part of its address).
_URL = re.compile(r"(?:https?://|www\.)\S+|[^\s\]]*\?\S*=\S*")
_FILE = re.compile(r"[\w.-]*\.(?:csv|xlsx|json|md|html|zip|png|db)\b")  # file names, and kinds of file
_ESCAPE = re.compile(r"\\([\\`*_\[\]<>|~&$#+\-=.!(){}])")
_LIST_LITERAL = re.compile(r"\[[^\[\]]*\]")
_OBJECT_LITERAL = re.compile(r"\((\{.*\})\)\[datum\.label\]")
# Words that are the same in every language here: abbreviations and the names the language switch shows.
PROPER = {"UTC", "ISO", "URL", "CSV", "XLSX", "English", "SQLite", "Datasette"}


def _strings(message: Message, path: str = "") -> Iterator[tuple[str, str]]:
    for field, value in message.ListFields():
        if field.name in HIDDEN_FIELDS:
            continue
        values = list(value) if not isinstance(value, (str, bytes, Message)) and hasattr(value, "__len__") else [value]
        for v in values:
            if isinstance(v, Message):
                yield from _strings(v, f"{path}{field.name}.")
            elif isinstance(v, str):
                yield f"{path}{field.name}", v


def _labels(expression: str) -> Iterator[str]:
    """The labels a Vega label expression gives: the strings of its JSON lists (what it compares is code); a
    JSON object's lists are labels written on several lines (charts.wrapped_labels), each read whole."""
    wrapped = _OBJECT_LITERAL.match(expression)
    if wrapped:
        yield from (" ".join(lines) for lines in json.loads(wrapped.group(1)).values())
        return
    for literal in _LIST_LITERAL.findall(expression):
        try:
            items = json.loads(literal)
        except ValueError:
            continue
        yield from (item for item in items if isinstance(item, str))


def _spec_texts(spec, fields: set[str]) -> Iterator[str]:
    """Shown strings of a Vega-Lite spec; the data fields its tooltips and text marks show go into `fields`."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in SHOWN_SPEC_KEYS and isinstance(value, str):
                yield value
            elif key == "labelExpr" and isinstance(value, str):  # the labels it gives, not what it compares
                yield from _labels(value)
            elif key in ("tooltip", "text"):
                for channel in value if isinstance(value, list) else [value]:
                    if isinstance(channel, dict) and "field" in channel:
                        fields.add(channel["field"])
                    if isinstance(channel, dict) and isinstance(channel.get("title"), str):
                        yield channel["title"]
            elif key == "values" and isinstance(value, list):
                yield from (str(v) for row in value if isinstance(row, dict) for v in row.values() if isinstance(v, str))
            if not (key in SHOWN_SPEC_KEYS and isinstance(value, str)):
                yield from _spec_texts(value, fields)
    elif isinstance(spec, list):
        for item in spec:
            yield from _spec_texts(item, fields)


def _frame_texts(frame: pd.DataFrame, columns: Iterable[str] | None) -> Iterator[str]:
    for column in (columns if columns is not None else frame.columns):
        if column in frame:
            yield from (v for v in frame[column] if isinstance(v, str))


_STYLE_ONLY = re.compile(r"\s*<style>[^<]*</style>\s*")  # a page's own CSS: shown as no text at all


def _element_texts(node) -> Iterator[str]:
    proto = node.proto
    if type(proto).__name__ == "Html" and _STYLE_ONLY.fullmatch(proto.body):
        return
    yield from (text for _, text in _strings(proto))
    kind = type(proto).__name__
    if kind == "Dataframe":
        config = json.loads(proto.columns or "{}")
        frame = node.value
        shown = [c for c in (list(proto.column_order) or list(frame.columns))
                 if not (c in config and config[c] is None)]  # a column configured as None is hidden
        for column in shown:
            setting = config.get(column)
            setting = setting if isinstance(setting, dict) else {}
            yield setting.get("label", str(column))  # a column without a label shows its key as its header
            if isinstance(setting.get("help"), str):
                yield setting["help"]
            display = setting.get("type_config", {}).get("display_text")
            if display and not display.startswith("^"):  # a pattern shows a part of each address: data
                yield display
        yield from _frame_texts(frame, [c for c in shown if c in frame.columns])
    elif kind in ("VegaLiteChart", "ArrowVegaLiteChart"):
        fields: set[str] = set()
        yield from _spec_texts(json.loads(proto.spec), fields)
        for dataset in proto.datasets:
            frame = dataframe_util.convert_arrow_bytes_to_pandas_df(dataset.data.data)
            yield from _frame_texts(frame, sorted(fields))


def texts(at) -> list[str]:
    """Every text an AppTest run shows, element by element."""
    out: list[str] = []

    def walk(node) -> None:
        if getattr(node, "proto", None) is not None and type(node).__name__ not in ("Block", "SpecialBlock"):
            out.extend(_element_texts(node))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return [t for t in out if t and t.strip()]


def _plain(text: str) -> str:
    """Text as read, with addresses and file names left out: Markdown escapes and zero-width spaces removed."""
    text = _ESCAPE.sub(r"\1", text).replace("\u200b", "")
    return _FILE.sub(" ", _URL.sub(" ", text))


def english_left(shown: Iterable[str], allowed: Iterable[str]) -> list[tuple[str, str]]:
    """(word, the text it is in) for each word in plain Latin letters outside the allowed phrases, addresses, file
    names and PROPER words."""
    phrases = sorted({p for p in map(_plain, allowed) if re.search("[A-Za-z]", p)}, key=len, reverse=True)
    left = []
    for text in shown:
        rest = _plain(text)
        for phrase in phrases:
            if phrase in rest:
                rest = rest.replace(phrase, " ")
        left += [(word, text[:160]) for word in _LATIN_WORD.findall(rest) if word not in PROPER]
    return left
