# Python runs this at start-up in the moto_server that MotoProcess starts (it is on that process's
# PYTHONPATH as sitecustomize.py; nothing else sees it).
#
# Why: for every event a rule delivers to a target, moto parses eight JSONPath expressions, and
# jsonpath-ng rebuilds its grammar tables for each parse (about 50 ms apiece), so one delivery costs
# about half a second of CPU. Parsed expressions are immutable: cache them. With another moto or
# jsonpath-ng, nothing changes.
try:
    import functools

    import jsonpath_ng.ext

    jsonpath_ng.ext.parse = functools.lru_cache(maxsize=256)(jsonpath_ng.ext.parse)
except Exception:
    pass
