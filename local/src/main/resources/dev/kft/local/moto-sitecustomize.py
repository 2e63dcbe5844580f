# Python runs this at start-up in the moto_server that MotoProcess starts (it is on that process's
# PYTHONPATH as sitecustomize.py; nothing else sees it). It removes work moto repeats on every
# request and whose result never changes while the server runs. Each part is guarded: with another
# moto, jsonpath-ng or werkzeug, that part changes nothing.

# For every event a rule delivers to a target, moto parses eight JSONPath expressions, and
# jsonpath-ng rebuilds its grammar tables for each parse (about 50 ms apiece), so one delivery costs
# about half a second of CPU. Parsed expressions are immutable: cache them.
try:
    import functools

    import jsonpath_ng.ext

    jsonpath_ng.ext.parse = functools.lru_cache(maxsize=256)(jsonpath_ng.ext.parse)
except Exception:
    pass

# To route a request to its service, moto lists its own package directory (a listdir and a stat of
# each of its ~190 entries) several times per request, then tries every service's URL patterns in
# turn. The directory does not change and the answer for a host never does: list it once and
# remember each host's service. This took about a quarter of moto's CPU per request.
try:
    import moto.backends
    from moto.moto_server import werkzeug_app

    _moto_modules = tuple(moto.backends.list_of_moto_modules())
    moto.backends.list_of_moto_modules = lambda: _moto_modules

    _service_by_host = {}
    _find_service_for_host = werkzeug_app.DomainDispatcherApplication.get_backend_for_host

    def _service_for_host(self, host):
        # Called under the dispatcher's own lock.
        if host not in _service_by_host:
            _service_by_host[host] = _find_service_for_host(self, host)
        return _service_by_host[host]

    werkzeug_app.DomainDispatcherApplication.get_backend_for_host = _service_for_host
except Exception:
    pass

# werkzeug writes one access-log line per request; nobody reads them, and warnings and errors stay.
try:
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
except Exception:
    pass
