"""A Python program in a container: CPython 3.12 compiled to WASI runs it."""
import json
import sys
from collections import Counter

text = " ".join(sys.argv[1:]) or "to be or not to be that is the question"
counts = Counter(text.split())
print(json.dumps(dict(counts.most_common(3)), indent=2))
print(f"Python {sys.version.split()[0]} on {sys.platform}")
