"""Which of several schedulers on one database runs the jobs: a lease that exactly one process holds at a time.

On PostgreSQL the lease is a session-level advisory lock held on a connection of its own: the server releases it
the moment that session ends (its process killed, its machine gone once TCP keepalives give up), so a standing-by
scheduler takes it over. On SQLite, whose database lives on one machine, it is an exclusive `fcntl` lock on a file
beside the database, which the kernel releases when its process dies.
"""
from __future__ import annotations

import fcntl
import os
import socket
from pathlib import Path

from .connection import StoreError
from .targets import is_url

# The advisory lock's key: "baromete" in ASCII, so that an operator reading pg_locks can tell it apart
# (classid 0x6261726f, objid 0x6d657465).
SCHEDULER_LOCK_KEY = 0x6261726F6D657465
LOCK_IDS = [SCHEDULER_LOCK_KEY >> 32, SCHEDULER_LOCK_KEY & 0xFFFFFFFF]  # how pg_locks shows a bigint key
# The lease's session: how long a dead peer may take to be noticed (by the client and by the server), in seconds.
KEEPALIVE = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3,
             "connect_timeout": 10}
SERVER_SETTINGS = ("-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3 "
                   "-c idle_session_timeout=0 -c statement_timeout=5000")


def holder_name() -> str:
    """Who holds a lease, in words an operator can act on: the host and the process id."""
    return f"barometer schedule on {socket.gethostname()}, pid {os.getpid()}"


class PostgresLease:
    """`pg_try_advisory_lock` on a dedicated autocommit connection, opened from the store's URL."""

    def __init__(self, url: str):
        self.url = url
        self.conn = None

    def _connect(self):
        import psycopg  # only a PostgreSQL store needs the driver

        return psycopg.connect(self.url, autocommit=True, application_name=holder_name()[:63],
                               options=SERVER_SETTINGS, **KEEPALIVE)

    def _ask(self, sql: str, params: list) -> tuple | None:
        """One row from the lease's own session (opened if need be), or None when the server cannot be asked; a
        broken session is closed."""
        import psycopg

        try:
            if self.conn is None or self.conn.closed:
                self.conn = self._connect()
            return self.conn.execute(sql, params).fetchone()
        except psycopg.Error:
            self._drop()
            return None

    def acquire(self) -> bool:
        """True once this process holds the lease; False while another does, or while the server is unreachable."""
        row = self._ask("SELECT pg_try_advisory_lock(%s)", [SCHEDULER_LOCK_KEY])
        return bool(row and row[0])

    def held(self) -> bool:
        """Asks the server, on the lease's own session, whether the lock is still ours (never on a new session)."""
        if self.conn is None or self.conn.closed:
            return False
        row = self._ask("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                        " AND pid = pg_backend_pid() AND classid = %s AND objid = %s AND objsubid = 1", LOCK_IDS)
        return row is not None and row[0] == 1

    def holder(self) -> str | None:
        """The session holding the lock, as it named itself, or None when it is free or cannot be asked."""
        row = self._ask("SELECT a.application_name, host(a.client_addr) FROM pg_locks l"
                        " JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted"
                        " AND l.classid = %s AND l.objid = %s AND l.objsubid = 1", LOCK_IDS)
        if row is None:
            return None
        name, address = row
        return f"{name or 'an unnamed session'}" + (f" (from {address})" if address else "")

    def release(self) -> None:
        """Unlocked before the session closes, so that another can take the lease at once (a closing session's
        locks are freed only once its server process has noticed)."""
        if self.conn is not None and not self.conn.closed:
            self._ask("SELECT pg_advisory_unlock_all()", [])
        self._drop()

    def _drop(self) -> None:
        """Closing the session is what frees the lock; a broken one is closed all the same."""
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:  # noqa: BLE001 - the session is being thrown away
                pass
            self.conn = None


class FileLease:
    """An exclusive `fcntl` lock on `<database>.scheduler.lock`; the holder writes its name into the file."""

    def __init__(self, db_path: str | Path):
        self.path = Path(f"{db_path}.scheduler.lock")
        self.fd: int | None = None

    def acquire(self) -> bool:
        if self.fd is not None:
            return self.held()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.pwrite(fd, holder_name().encode("utf-8"), 0)
        self.fd = fd
        return True

    def held(self) -> bool:
        """Ours while the file we locked is still the one at the path (a deleted lock file would let another in)."""
        if self.fd is None:
            return False
        try:
            return os.stat(self.path).st_ino == os.fstat(self.fd).st_ino
        except FileNotFoundError:
            return False

    def holder(self) -> str | None:
        try:
            return self.path.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the descriptor releases the lock
            self.fd = None

    def taken(self) -> bool:
        """Whether some process holds the lock now, asked without taking it: a shared lock is refused while the
        holder's exclusive one stands (and given up at once when granted)."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)
        return False


def scheduler_lease(target: str | Path) -> PostgresLease | FileLease:
    """The lease for the database at `target`: a PostgreSQL URL, or an SQLite file's path."""
    text = str(target)
    if is_url(text):
        return PostgresLease(text)
    if not text or text == ":memory:":
        raise StoreError(f"{text or 'the database'}: a scheduler needs a database file or a PostgreSQL URL")
    return FileLease(text)


def scheduler_holder(target: str | Path) -> str | None:
    """Who runs the scheduled jobs on the database at `target` now, or None when no scheduler holds the lease (or
    the server cannot say): asked without taking the lease, so a page may ask as often as it is drawn."""
    try:
        lease = scheduler_lease(target)
    except StoreError:
        return None
    if isinstance(lease, FileLease):
        return (lease.holder() or "barometer schedule") if lease.taken() else None
    try:
        return lease.holder()
    finally:
        lease._drop()
