"""Run a sweep's chunks on a Dask cluster: an executor adapter over ``dask.distributed``.

:func:`treaty.sweep.sweep` takes an ``executor``: anything with ``.map(fn, iterable)`` giving
the results in order.  :class:`DaskExecutor` is that over a ``dask.distributed.Client``:
each chunk of points is one task (so the batched solver runs inside each task, on arrays),
submitted with ``Client.map`` and gathered in submission order as they finish, so progress
and Ctrl-C work as in-process.  :func:`dask_executor` opens one from the command line's
options: ``--scheduler ADDRESS`` connects to a running cluster (a ``dask scheduler`` with
``dask worker`` processes, or a Kubernetes / SLURM deployment through dask-kubernetes or
dask-jobqueue, whose scheduler address is given the same way); ``--workers N`` starts a
``LocalCluster`` of N single-threaded worker processes on this machine and closes it after.

dask.distributed is optional (the ``dask`` extra) and imported only here, only when asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from ..errors import ParameterError

__all__ = ["DaskExecutor", "dask_executor", "require_distributed"]


def require_distributed(option: str = "--scheduler") -> Any:
    """Import ``dask.distributed`` or fail in one line naming the extra to install."""
    try:
        import dask.distributed as dd
    except ImportError:
        raise ParameterError("running a sweep on Dask needs dask.distributed", file=option,
                             hint='pip install "treaty[dask]"') from None
    return dd


class DaskExecutor:
    """``.map(fn, items)`` over a ``dask.distributed.Client``: one task per item, results in order.

    Parameters
    ----------
    client : dask.distributed.Client
        A connected client (the caller owns it and closes it).

    Notes
    -----
    ``map`` submits every item at once (``Client.map`` with ``pure=False``: a chunk is never
    taken from the cache of an earlier run) and yields the results in submission order, each
    as soon as it and those before it are done.  When the consumer stops early (Ctrl-C, an
    error), the tasks not yet gathered are cancelled.
    """

    def __init__(self, client: Any) -> None:
        self.client = client

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        futures = self.client.map(fn, list(items), pure=False)
        return self._gather(futures)

    def _gather(self, futures: list[Any]) -> Iterator[Any]:
        done = 0
        try:
            for fut in futures:
                yield fut.result()
                done += 1
        finally:
            rest = futures[done:]
            if rest:
                self.client.cancel(rest)

    def __repr__(self) -> str:
        return f"DaskExecutor({self.client!r})"


@contextmanager
def dask_executor(scheduler: str | None = None, workers: int | None = None,
                  *, processes: bool = True) -> Iterator[DaskExecutor | None]:
    """A :class:`DaskExecutor` for the command line's ``--scheduler`` / ``--workers``, or None.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``).
    workers : int, optional
        Start a ``LocalCluster`` with this many single-threaded workers (separate processes
        unless ``processes=False``) and close it on exit.
    processes : bool
        Worker processes (default) or threads of this process (tests).

    Yields
    ------
    DaskExecutor or None
        None when neither option is given: the sweep runs in-process and Dask is not imported.

    Raises
    ------
    ParameterError
        Both options given, a worker count below 1, dask.distributed missing, or a scheduler
        that cannot be reached (one line naming the address).
    """
    if scheduler is None and workers is None:
        yield None
        return
    if scheduler is not None and workers is not None:
        raise ParameterError("give either --scheduler or --workers, not both", file="--workers",
                             hint="--scheduler connects to a running cluster; --workers starts "
                                  "a local one")
    if workers is not None and workers < 1:
        raise ParameterError(f"--workers must be at least 1, got {workers}", file="--workers")
    dd = require_distributed("--scheduler" if scheduler is not None else "--workers")
    cluster = None
    if scheduler is not None:
        try:
            client = dd.Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ParameterError(f"cannot reach the Dask scheduler at {scheduler!r}: {exc}",
                                 file="--scheduler",
                                 hint="start one with 'dask scheduler' and 'dask worker ADDRESS', "
                                      "or give the address it prints (tcp://host:8786)") from None
    else:
        cluster = dd.LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                                  dashboard_address=None)
        client = dd.Client(cluster)
    try:
        yield DaskExecutor(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
