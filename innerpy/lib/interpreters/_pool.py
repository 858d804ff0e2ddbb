"""InterpreterPoolExecutor (3.14's concurrent.futures.InterpreterPoolExecutor).

A thread pool whose every worker thread owns an interpreter: a submitted
callable, its arguments and its result cross into and out of that
interpreter as data (shareable or pickled), so with isolated interpreters
on a host with a GIL per interpreter the work runs in parallel.
"""

import threading
from concurrent.futures import thread as _thread_pool

from . import ExecutionFailed, create

__all__ = ["InterpreterPoolExecutor", "ExecutionFailed", "BrokenInterpreterPool"]


class BrokenInterpreterPool(_thread_pool.BrokenThreadPool):
    """A worker's interpreter could not be set up."""


class InterpreterPoolExecutor(_thread_pool.ThreadPoolExecutor):

    def __init__(self, max_workers=None, thread_name_prefix="", initializer=None, initargs=()):
        self._worker_state = threading.local()
        self._interpreters = []
        self._interpreters_lock = threading.Lock()
        self._user_initializer = initializer
        self._user_initargs = tuple(initargs)
        super().__init__(max_workers, thread_name_prefix or "InterpreterPoolExecutor",
                         self._start_worker, ())

    def _start_worker(self):
        interp = create()
        with self._interpreters_lock:
            self._interpreters.append(interp)
        self._worker_state.interp = interp
        if self._user_initializer is not None:
            interp.call(self._user_initializer, *self._user_initargs)

    def _run_in_worker(self, fn, args, kwargs):
        return self._worker_state.interp.call(fn, *args, **kwargs)

    def submit(self, fn, /, *args, **kwargs):
        return super().submit(self._run_in_worker, fn, args, kwargs)

    submit.__doc__ = _thread_pool.ThreadPoolExecutor.submit.__doc__

    def shutdown(self, wait=True, *, cancel_futures=False):
        super().shutdown(wait=wait, cancel_futures=cancel_futures)
        if wait:
            with self._interpreters_lock:
                interps, self._interpreters = self._interpreters, []
            for interp in interps:
                try:
                    interp.close()
                except Exception:
                    pass
