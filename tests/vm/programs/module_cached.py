"""A source module's __cached__ is its spec's cached, the path
importlib.util.cache_from_source gives for its file (the guest's cache tag)."""
import importlib.util
import json
import textwrap

for module in (json, json.decoder, textwrap):
    print(module.__name__, module.__cached__ == module.__spec__.cached
          == importlib.util.cache_from_source(module.__file__))
fresh = importlib.util.module_from_spec(importlib.util.find_spec("textwrap"))
print(fresh.__cached__ == importlib.util.cache_from_source(fresh.__file__))
spec = importlib.util.find_spec("textwrap")
print(spec.cached == importlib.util.cache_from_source(spec.origin))
