#!/usr/bin/env python3
"""schemathesis's command line (`python3 -m schemathesis.cli …`), with one
fix around it. Python 3.11's ast module keeps its recursion-depth count in
state every thread shares, so two fuzzing workers parsing source at the same
moment (hypothesis parses its own source to describe a filter) can fail with
"AST constructor recursion depth mismatch" (CPython gh-106905): an error of
the tool, not of the server. Here parsing takes turns."""
import ast
import threading

_turns = threading.Lock()
_parse = ast.parse


def _parse_in_turn(*args, **kwargs):
    with _turns:
        return _parse(*args, **kwargs)


ast.parse = _parse_in_turn

import schemathesis.cli  # noqa: E402

schemathesis.cli.schemathesis()
