"""The command line's start-up and Python's cyclic garbage collector."""

from __future__ import annotations

import gc

import pytest

from explainer import cli


@pytest.fixture
def python_collector():
    """Python's own collector on, as in a fresh process: a GUI test run before this one in the same process
    (pytest-xdist mixes the folders) leaves the app's collector in charge, which keeps Python's off."""
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_command_parsers_are_imported_with_the_collector_off_and_a_command_runs_with_it_on(monkeypatch, capsys,
                                                                                                python_collector):
    """Building the parser imports every command (and so torch): with the collector on, three full collections
    walked those imports, 0.2 s of the window's 2.5 s start-up. It is off while they are imported; a command
    (here `explainer models`) runs with it on, as does whoever called main in-process afterwards."""
    seen = []
    real = cli.build_parser

    def watched():
        seen.append(gc.isenabled())
        return real()

    monkeypatch.setattr(cli, "build_parser", watched)
    assert gc.isenabled()
    assert cli.main(["models"]) == 0
    assert seen == [False]
    assert gc.isenabled()
    assert "tiny-gpt-nl-en" in capsys.readouterr().out
