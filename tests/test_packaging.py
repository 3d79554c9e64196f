"""Every data file the package reads ships in its wheel: each non-Python file under kg/
matches a glob of setup.cfg's [options.package_data] (a non-editable install would
otherwise lack, say, the page's script)."""

from __future__ import annotations

import configparser
from fnmatch import fnmatch

from conftest import ROOT


def test_every_data_file_is_package_data():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    globs = []
    for package, patterns in cfg["options.package_data"].items():
        folder = package.replace(".", "/")
        globs += [f"{folder}/{p.strip()}" for p in patterns.split(",") if p.strip()]
    kg = ROOT / "kg"
    data = [
        p.relative_to(ROOT).as_posix()
        for p in kg.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert data
    missing = [f for f in data if not any(fnmatch(f, g) for g in globs)]
    assert missing == []
