"""The part store (`kg.state.PartStore`): with a folder, a build keeps only the shared
lines in memory and reads a partition's private lines from the folder when asked."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kg.partition import Partition
from kg.state import PartStore


def _part(digest: str, private=("<a> <p> <b> .",), shared=("<s> <p> <o> .",)) -> Partition:
    return Partition(
        "f.txt", "urn:g", "sha", tuple(shared), b"", len(private), len(shared), (), (), (), digest, tuple(private)
    )


def test_with_a_folder_private_lines_are_read_from_it_not_kept(tmp_path):
    store = PartStore(tmp_path)
    part = _part("d1")
    store.put(part)
    assert store.memo["d1"] == (None, part.shared)  # only the shared lines in memory
    bare = part.without_lines()
    assert store.get(bare) == part.private
    assert store.get_shared(bare) == part.shared
    assert store.memo["d1"][0] is None  # reading did not keep them either
    assert PartStore(tmp_path).get(bare) == part.private  # another build finds them


def test_a_worker_hands_back_a_partition_without_private_lines(tmp_path):
    worker, builder = PartStore(tmp_path), PartStore(tmp_path)
    part = _part("d2")
    worker.put(part)
    handed = worker.in_folder(part)
    assert handed.private is None and handed.shared == part.shared
    builder.put(handed)
    assert builder.get(part.without_lines()) == part.private


def test_a_partition_without_lines_not_in_the_folder_is_an_error(tmp_path):
    with pytest.raises(LookupError):
        PartStore(tmp_path).put(replace(_part("d3"), private=None))


def test_without_a_folder_everything_stays_in_memory():
    store = PartStore(None)
    part = _part("d4")
    store.put(part)
    assert store.in_folder(part) is part
    assert store.get(part.without_lines()) == part.private


def test_equal_shared_lines_of_two_files_are_held_once(tmp_path):
    """Files share most of their shared lines (the same regions and agencies): the part
    store holds one string for each distinct line, whichever file brought it."""
    store = PartStore(tmp_path)
    line = "<s> <p> <o> ."
    a = _part("e1", shared=("".join(["<s> <p> ", "<o> ."]),))
    b = _part("e2", shared=("".join(["<s> <p> <o>", " ."]),))
    assert a.shared[0] == b.shared[0] == line and a.shared[0] is not b.shared[0]
    store.put(a)
    store.put(b)
    assert store.memo["e1"][1][0] is store.memo["e2"][1][0]
    assert store.get_shared(b.without_lines()) == (line,)
    again = PartStore(tmp_path)  # read from the folder: the same
    assert again.get_shared(a.without_lines())[0] is again.get_shared(b.without_lines())[0]
