"""Parses a Prometheus text-format scrape (stdin) with the Prometheus Python client's parser and prints its
metric families as JSON: [{"name", "type", "samples": [{"name", "labels", "value"}]}]. A scrape the parser
refuses exits 1 with its error, so the Java test fails on it."""
import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families

try:
    families = list(text_string_to_metric_families(sys.stdin.read()))
except Exception as e:  # the parser raises ValueError (and others) on malformed text
    print("unparseable scrape: %r" % (e,), file=sys.stderr)
    sys.exit(1)
out = []
for f in families:
    out.append({"name": f.name, "type": f.type, "samples": [
        {"name": s.name, "labels": s.labels, "value": None if math.isnan(s.value) else
         ("+Inf" if s.value == math.inf else s.value)} for s in f.samples]})
json.dump(out, sys.stdout)
