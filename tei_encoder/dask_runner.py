"""Running a batch on a Dask cluster: the same per-file function, mapped with ``dask.bag``.

Only ``tei-encoder encode --dask ADDRESS`` imports this module, so nothing
else needs Dask. Workers read the transcripts and write the TEI themselves,
so the paths must mean the same thing on every worker (a shared file system).
Paths go to the cluster in blocks, two blocks in flight, so the collection is
streamed here as it is by the local pool, and outcomes come back in input order.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from itertools import islice
from typing import Any

from .batch import Options, Outcome, Task, default_jobs, encode_file
from .errors import TeiEncoderError

#: Paths sent to the cluster per ``dask.bag`` computation.
BLOCK = 256
#: How long to wait for a scheduler before reporting it unreachable.
CONNECT_TIMEOUT = "10s"


def _blocks(items: Iterable[Task | Outcome], size: int) -> Iterator[list[Task | Outcome]]:
    iterator = iter(items)
    while block := list(islice(iterator, size)):
        yield block


def _encode_block(block: list[Task | Outcome], options: Options, client: Any) -> Any:
    import dask.bag as db

    here = os.getcwd()  # workers run elsewhere; the names the user gave stay relative
    tasks = [replace(item, base=here) for item in block if isinstance(item, Task)]
    if not tasks:
        return None
    partitions = max(1, min(len(tasks), 4 * max(1, len(client.nthreads()))))
    # dask's own annotations are partial: untyped where installed, absent where not.
    bag = db.from_sequence(tasks, npartitions=partitions)  # type: ignore[no-untyped-call, unused-ignore]
    bag = bag.map(encode_file, options)
    return client.compute(bag)


def connect(address: str) -> tuple[Any, Any]:
    """A client for ``address``; ``local`` starts a local cluster of one worker process per core."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise TeiEncoderError("--dask", "needs the [dask] extra: pip install 'tei-encoder[dask]'") from None
    cluster = None
    try:
        if address == "local":
            cluster = LocalCluster(  # type: ignore[no-untyped-call, unused-ignore]
                n_workers=default_jobs(), threads_per_worker=1, processes=True
            )
            return Client(cluster), cluster  # type: ignore[no-untyped-call, unused-ignore]
        return Client(address, timeout=CONNECT_TIMEOUT), None  # type: ignore[no-untyped-call, unused-ignore]
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise TeiEncoderError(address, f"cannot reach the Dask scheduler ({exc})") from None


def run_dask(
    items: Iterable[Task | Outcome],
    options: Options,
    address: str,
    on_outcome: Callable[[Outcome], None],
    *,
    block: int = BLOCK,
) -> None:
    """Encode every task on the cluster at ``address``, calling ``on_outcome`` in input order."""
    client, cluster = connect(address)
    try:
        blocks = _blocks(items, block)
        current = next(blocks, None)
        future = _encode_block(current, options, client) if current else None
        while current is not None:
            upcoming = next(blocks, None)
            next_future = _encode_block(upcoming, options, client) if upcoming else None
            results: list[Outcome] = list(future.result()) if future is not None else []
            done = iter(results)
            for item in current:
                on_outcome(item if isinstance(item, Outcome) else next(done))
            current, future = upcoming, next_future
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
