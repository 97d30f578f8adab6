"""The scheduler's lease: one holder at a time on a database, named to the others, freed when its process dies."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from indicators.store import StoreError
from indicators.store.leadership import FileLease, PostgresLease, holder_name, scheduler_lease
from tests.backends import POSTGRES_ENV, connect

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get(POSTGRES_ENV)

pytestmark = pytest.mark.both_backends


@pytest.fixture
def target(db_target):
    """A fresh database of each kind, as a string: the lease needs no schema."""
    return str(db_target)


def _hold_in_child(target: str) -> subprocess.Popen:
    """Another process that takes the lease, says so, and keeps it until killed."""
    code = ("import sys, time\nfrom indicators.store.leadership import scheduler_lease\n"
            "lease = scheduler_lease(sys.argv[1])\nprint('held' if lease.acquire() else 'refused', flush=True)\n"
            "time.sleep(600)\n")
    child = subprocess.Popen([sys.executable, "-c", code, target], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout.readline().strip() == "held"
    return child


def _acquire_within(lease, seconds: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if lease.acquire():
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def test_a_url_gets_an_advisory_lock_and_a_path_a_lock_file_beside_the_database(tmp_path):
    assert isinstance(scheduler_lease("postgresql://u@db.example/barometer"), PostgresLease)
    lease = scheduler_lease(tmp_path / "data.db")
    assert isinstance(lease, FileLease) and lease.path == tmp_path / "data.db.scheduler.lock"
    with pytest.raises(StoreError, match="needs a database file or a PostgreSQL URL"):
        scheduler_lease(":memory:")


def test_one_holder_at_a_time_and_the_others_are_told_who_it_is(target):
    first, second = scheduler_lease(target), scheduler_lease(target)
    try:
        assert first.acquire() and first.held()
        assert first.acquire(), "asking again while holding it keeps it"
        assert not second.acquire() and not second.held()
        assert holder_name() in second.holder() and f"pid {os.getpid()}" in second.holder()
        first.release()
        assert not first.held()
        assert second.acquire() and second.held()
        assert not first.acquire()
    finally:
        first.release()
        second.release()


def test_the_lease_is_freed_when_its_holder_is_killed(target):
    child = _hold_in_child(target)
    lease = scheduler_lease(target)
    try:
        assert not lease.acquire()
        assert f"pid {child.pid}" in lease.holder()
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        waited = _acquire_within(lease, 30)
        assert waited is not None and waited < 5, waited
        assert lease.held()
    finally:
        lease.release()
        if child.poll() is None:
            child.kill()
        child.stdout.close()


@pytest.mark.skipif(not POSTGRES, reason=f"{POSTGRES_ENV} is not set")
def test_a_holder_whose_session_the_server_ends_knows_it_no_longer_holds_the_lease(postgres_server):
    url = postgres_server.create()
    lease, other = PostgresLease(url), PostgresLease(url)
    try:
        assert lease.acquire()
        (pid,) = lease.conn.execute("SELECT pg_backend_pid()").fetchone()
        with connect(url) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert not lease.held()
        assert _acquire_within(other, 5) is not None
    finally:
        lease.release()
        other.release()
        postgres_server.drop(url)


@pytest.mark.skipif(not POSTGRES, reason=f"{POSTGRES_ENV} is not set")
def test_the_lease_is_per_database_on_one_server(postgres_server):
    here_url, there_url = postgres_server.create(), postgres_server.create()
    here, there = PostgresLease(here_url), PostgresLease(there_url)
    try:
        assert here.acquire() and there.acquire()
    finally:
        here.release()
        there.release()
        postgres_server.drop(here_url)
        postgres_server.drop(there_url)


def test_a_deleted_lock_file_is_a_lost_lease(tmp_path):
    lease = FileLease(tmp_path / "data.db")
    assert lease.acquire()
    lease.path.unlink()
    assert not lease.held()
    lease.release()


def test_an_unreachable_server_is_no_lease_and_no_crash():
    lease = PostgresLease("postgresql://nobody@127.0.0.1:9/none")
    assert not lease.acquire() and not lease.held() and lease.holder() is None


def test_whoever_holds_the_lease_is_named_without_anyone_taking_it(target):
    from indicators.store.leadership import scheduler_holder

    assert scheduler_holder(target) is None  # no scheduler has run
    child = _hold_in_child(target)
    try:
        assert "barometer schedule on" in scheduler_holder(target)
        assert scheduler_holder(target), "asking twice takes nothing"
    finally:
        child.kill()
        child.wait()
    deadline = time.monotonic() + 30
    while scheduler_holder(target) is not None and time.monotonic() < deadline:  # the server notices the end
        time.sleep(0.2)
    assert scheduler_holder(target) is None  # its name may stay in the lock file; nobody holds the lock
    lease = scheduler_lease(target)
    try:
        assert lease.acquire(), "asking left the lease free to take"
    finally:
        lease.release()
