"""Who may edit in the dashboard.

BAROMETER_READONLY=1 hides every editing control (a public deployment). Otherwise, when
BAROMETER_EDITOR_PASSWORD is set (environment or st.secrets) editing waits for it; unset, editing is
open (local use). Set but empty (or only spaces: a secret that failed to expand) fails safe, as
BAROMETER_READONLY does: no editing, and a notice says why. Failed attempts lock the gate for a doubling
delay, for the session that made them only: another session (an honest editor) is heard at once.
"""
from __future__ import annotations

import hmac
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import streamlit as st

from indicators import settings
from indicators.access import is_readonly
from indicators.languages.i18n import _, count

SESSION_KEY = "editor_unlocked"
BACKOFF_BASE_S = 1.0
BACKOFF_CAP_S = 60.0
OK, WRONG, WAIT = "ok", "wrong", "wait"


def password_matches(given: str, expected: str) -> bool:
    """Constant-time comparison, so the answer's timing says nothing about the password."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def editor_password(environ: Mapping[str, str] = os.environ, secrets: Mapping | None = None) -> str | None:
    """The editor password from the environment, else from the secrets. None: set in neither (editing is open);
    "": set but empty or blank, which closes editing (UNUSABLE)."""
    value = environ.get(settings.EDITOR_PASSWORD.name)
    if value is None and secrets is not None:
        value = secrets.get(settings.EDITOR_PASSWORD.name)
    if value is None:
        return None
    return str(value) if str(value).strip() else UNUSABLE


UNUSABLE = ""  # a password set to nothing: no one may edit


@dataclass(frozen=True)
class Attempt:
    outcome: str          # OK, WRONG or WAIT
    wait_s: float = 0.0   # how long until the next attempt will be heard


class Throttle:
    """Repeated failures lock the gate for 1, 2, 4 … seconds (capped); a success resets it."""

    def __init__(self, base_s: float = BACKOFF_BASE_S, cap_s: float = BACKOFF_CAP_S,
                 clock: Callable[[], float] = time.monotonic):
        self.base_s, self.cap_s, self.clock = base_s, cap_s, clock
        self.failures = 0
        self.locked_until = 0.0
        self._lock = threading.Lock()

    def reset(self) -> None:
        with self._lock:
            self.failures, self.locked_until = 0, 0.0

    def attempt(self, given: str, expected: str) -> Attempt:
        """Check a password unless the gate is locked; a wrong one locks it for longer each time."""
        with self._lock:
            now = self.clock()
            if now < self.locked_until:
                return Attempt(WAIT, self.locked_until - now)
            if password_matches(given, expected):
                self.failures, self.locked_until = 0, 0.0
                return Attempt(OK)
            self.failures += 1
            delay = min(self.cap_s, self.base_s * 2 ** (self.failures - 1))
            self.locked_until = now + delay
            return Attempt(WRONG, delay)


THROTTLE_KEY = "editor_throttle"


def session_throttle() -> Throttle:
    """This session's gate: one session's wrong guesses never delay another's."""
    if THROTTLE_KEY not in st.session_state:
        st.session_state[THROTTLE_KEY] = Throttle(BACKOFF_BASE_S, BACKOFF_CAP_S)
    return st.session_state[THROTTLE_KEY]


def _secrets() -> Mapping | None:
    try:
        return st.secrets if st.secrets.load_if_toml_exists() else None
    except Exception:  # noqa: BLE001 - an unreadable secrets file must not open or break the gate
        return None


def configured_password() -> str | None:
    return editor_password(os.environ, _secrets())


def is_editor() -> bool:
    """May this session edit (and see confidential notes and sources)?"""
    if is_readonly():
        return False
    expected = configured_password()
    if expected == UNUSABLE:
        return False
    return expected is None or bool(st.session_state.get(SESSION_KEY))


def require_editor() -> None:
    """Stop the page here unless this session may edit: read-only says so; a password is asked for."""
    if is_readonly():
        st.info(_("This deployment is read-only: observations cannot be added or changed here."))
        st.stop()
    expected = configured_password()
    if expected == UNUSABLE:
        st.warning(_("Editing is off: {variable} is set but empty, so no password can unlock it. Set a password, or "
                     "unset it for open local editing.").format(variable=settings.EDITOR_PASSWORD.name))
        st.stop()
    if expected is None or st.session_state.get(SESSION_KEY):
        return
    with st.form("editor_login"):
        given = st.text_input(_("Editor password"), type="password", key="editor_password")
        submitted = st.form_submit_button(_("Unlock editing"))
    if submitted:
        result = session_throttle().attempt(given or "", expected)
        if result.outcome == OK:
            st.session_state[SESSION_KEY] = True
            st.rerun()
        elif result.outcome == WRONG:
            st.error(_("Wrong password. The next attempt is heard in {seconds} s.").format(
                seconds=count(round(result.wait_s))))
        else:
            st.error(_("Too many wrong passwords: wait {seconds} s and try again.").format(
                seconds=count(round(result.wait_s))))
    st.stop()
