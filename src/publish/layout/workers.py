"""Where units are laid out: taken from the cache when it holds them, the rest in this process,
in a pool of worker processes, or on a Dask cluster, each reported as it finishes.

A pool or a cluster is an Executor (concurrent.futures): a ProcessPoolExecutor here, or the
executor of a distributed.Client. The job and its result are plain data, so the same unit
gives the same bytes wherever it ran.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import (
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    as_completed,
)
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, TypeVar

from publish.errors import PublishError
from publish.layout.lifeline import Lifeline, hold
from publish.layout.printed import UnitLayout
from publish.stack_room import with_stack_room

if TYPE_CHECKING:  # the units' module loads WeasyPrint, which only laying out needs
    from publish.layout.cache import LayoutCache
    from publish.layout.units import UnitJob


@dataclass(frozen=True)
class UnitDone:
    """A unit finished: what progress shows."""

    name: str
    cached: bool
    done: int  # units of this batch finished so far
    total: int


Progress = Callable[[UnitDone], None]
SERVER_EXIT_MODULE = "publish.layout.server_exit"  # never imported but by the workers' server
# What the workers' server imports, in order: how it ends; how it finds the libraries WeasyPrint
# loads (before WeasyPrint); what a worker lays a unit out with, and its hyphenation's patterns.
SERVER_MODULES = (SERVER_EXIT_MODULE, "publish.layout.libraries", "publish.layout.unit_layout",
                  "publish.layout.hyphenation")
SUBMITTER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="publish-submit")
T = TypeVar("T")


@dataclass(frozen=True)
class Layouts:
    """Lays units out, `executor` running them (None: in this process)."""

    executor: Executor | None = None
    progress: Progress = lambda done: None
    local: bool = True  # whether the executor's workers share this machine's files (the cache)

    def lay_out(self, jobs: Sequence[UnitJob], cache: LayoutCache | None,
                arrived: Callable[[int, UnitLayout], None] = lambda index, layout: None
                ) -> list[UnitLayout]:
        """Each job's layout, in the jobs' order; each also given to `arrived` with its index
        as soon as it is here. What the cache lacks is sent first, and what it holds read
        while that is laid out (an entry found damaged is laid out too)."""
        results: dict[int, UnitLayout] = {}
        keys = [job.key for job in jobs]
        stored = [index for index, key in enumerate(keys)
                  if cache is not None and cache.holds(key)]
        futures: dict[Future[UnitLayout], int] = {}

        def finished(index: int, layout: UnitLayout) -> None:
            results[index] = layout
            if cache is not None:
                cache.put(keys[index], layout)
            arrived(index, layout)
            self.progress(UnitDone(jobs[index].name, False, len(results), len(jobs)))

        def send(indices: Iterable[int]) -> None:
            if self.executor is None:
                for index in indices:
                    finished(index, laid_out(jobs[index], cache))
                return
            shared = cache if self.local else None
            # The longest first, so that no worker is left with a long one at the end.
            for index in sorted(indices, key=lambda index: -len(jobs[index].markup)):
                futures[self.executor.submit(laid_out, jobs[index], shared)] = index

        send(sorted(set(range(len(jobs))) - set(stored)))
        for index in stored:
            found = cache.get(keys[index]) if cache is not None else None
            if found is None:
                send([index])
            else:
                results[index] = found
                arrived(index, found)
                self.progress(UnitDone(jobs[index].name, True, len(results), len(jobs)))
        for future in as_completed(futures):
            finished(futures[future], future.result())
        return [results[index] for index in range(len(jobs))]

    def start(self, function: Callable[..., T], *arguments: Any) -> Callable[[], T]:
        """`function(*arguments)` begun on the executor (a plain job, its arguments and result
        plain data), or run here now without one; what this returns gives its result (or
        raises its error)."""
        if self.executor is None:
            result = with_stack_room(function, *arguments)
            return lambda: result
        return submitted_aside(self.executor, with_stack_room, function, *arguments)

    def begin(self, function: Callable[..., T], *arguments: Any) -> Callable[[], T]:
        """As start(), but here when the executor's workers do not share this machine's files
        (a job that reads or writes the cache)."""
        if not self.local:
            result = with_stack_room(function, *arguments)
            return lambda: result
        return self.start(function, *arguments)


def submitted_aside(executor: Executor, function: Callable[..., T], *arguments: Any
                    ) -> Callable[[], T]:
    """`function(*arguments)` submitted to `executor` from a thread of this module's, in the
    order of the calls, and what gives its result. A submit waits while a pool starts its
    workers (the server loading the layout code, half a second at a build's start), and this
    process has the manuscript to lint and the Book to make meanwhile."""
    submitting = SUBMITTER.submit(executor.submit, function, *arguments)
    return lambda: submitting.result().result()


def laid_out(job: UnitJob, cache: LayoutCache | None = None) -> UnitLayout:
    """The unit laid out where this runs, which alone loads WeasyPrint: a worker (or this
    process, without one), not the process that sends the job; with the hyphenation patterns
    kept in `cache`, when this process shares it (hyphenation.py)."""
    from publish.layout.unit_layout import lay_out_unit

    if cache is None:
        return with_stack_room(lay_out_unit, job)  # a sixth faster (stack_room.py)
    from publish.layout import hyphenation

    hyphenation.load_kept(job.markup, cache)
    layout = with_stack_room(lay_out_unit, job)
    hyphenation.keep_parsed(cache)
    return layout


def default_jobs() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


@contextmanager
def local_pool(jobs: int, progress: Progress = lambda done: None) -> Iterator[Layouts]:
    """Layouts on `jobs` worker processes. Workers are forked from a server that has loaded
    the layout code once, not from this process, whose state (threads, open fonts) a fork would
    copy; `publish build` starts that server earlier, with the editions' modules too
    (launch.py). One worker still lays out apart from this process, which holds the Book and
    the other editions: a long book's peak memory is then neither's sum."""
    context = layout_server()
    lifeline = Lifeline()
    # The workers' temporary files go in a folder removed with the pool: WeasyPrint removes
    # the fonts it writes for a layout only when the layout is collected, which a worker's
    # exit (os._exit) never waits for.
    with (contextlib.closing(lifeline),
          tempfile.TemporaryDirectory(prefix="publish-workers-") as scratch,
          ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=start_worker,
                              initargs=(scratch, lifeline.end)) as pool):
        # The workers are started now, in the background: the server's loading of the layout
        # code (half a second) then overlaps the reading of the manuscript instead of delaying
        # the first jobs. (A pool starts a worker when a job finds none idle, and waits for
        # it: the second would start with the first division, which waited for it.)
        starting = threading.Thread(target=lambda: [pool.submit(os.getpid)
                                                    for _ in range(jobs)])
        starting.start()
        try:
            yield Layouts(pool, progress)
        except BaseException:
            # Stopped (Ctrl-C, SIGTERM) or failed: nothing will use what the workers are
            # doing, so they end now, not after their units and the units queued behind them.
            starting.join()
            lifeline.close()
            pool.shutdown(cancel_futures=True)
            raise
        finally:
            starting.join()


def layout_server(also: Sequence[str] = ()) -> multiprocessing.context.ForkServerContext:
    """The context whose server forks the workers, having imported the layout code (and the
    modules `also` names) once. The first call's modules are the server's: it starts once,
    and serves the process's every pool."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([*SERVER_MODULES, *also])
    return context


def start_layout_server(also: Sequence[str]) -> None:
    """Start the workers' server importing the layout code and `also` now, in the background
    (most of a second), rather than when a build makes its pool: `publish build` calls this
    before its own modules load (launch.py), so that the first division finds it ready."""
    layout_server(also)
    from multiprocessing import forkserver

    forkserver.ensure_running()


def start_worker(folder: str, lifeline: Connection) -> None:
    """A worker's temporary files go in `folder` (tempfile's default, which WeasyPrint uses);
    it ends when the build does (lifeline.py)."""
    tempfile.tempdir = folder
    hold(lifeline)


@contextmanager
def cluster(address: str, progress: Progress = lambda done: None) -> Iterator[Layouts]:
    """Layouts on the Dask cluster whose scheduler is at `address`: its workers need this
    package installed, with the `cluster` extra (pip install -e '.[cluster]')."""
    try:
        from distributed import Client
    except ImportError:
        raise PublishError("--scheduler needs the distributed package: "
                           "pip install -e '.[cluster]'") from None
    connect: Any = Client  # distributed's API is only partly typed
    try:
        client = connect(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError) as error:
        raise PublishError(f"no Dask scheduler answers at {address}: {error}") from None
    try:
        yield Layouts(client.get_executor(pure=False), progress, local=False)
    finally:
        client.close()
