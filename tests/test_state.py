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


def test_checked_pickles_stream_to_disk_and_read_back_or_not_at_all(tmp_path):
    """`kg.cache.write_checked` streams the pickle and its digest; `read_checked` gives
    the object back, and None for a file cut short, edited or of another kind."""
    import hashlib
    import pickle

    from kg.cache import read_checked, write_checked

    obj = {"lines": [f"<s{i}> <p> <o> ." for i in range(200_000)], "n": 3}
    path = tmp_path / "x.pickle"
    write_checked(path, b"magic-1\n", obj)
    blob = path.read_bytes()
    payload = blob[len(b"magic-1\n") + 32 :]
    assert blob[len(b"magic-1\n") : len(b"magic-1\n") + 32] == hashlib.sha256(payload).digest()
    assert pickle.loads(payload) == obj == read_checked(path, b"magic-1\n")
    assert read_checked(path, b"magic-2\n") is None
    path.write_bytes(blob[:-10])
    assert read_checked(path, b"magic-1\n") is None
    path.write_bytes(blob[:-1] + bytes([blob[-1] ^ 1]))
    assert read_checked(path, b"magic-1\n") is None
    assert not list(tmp_path.glob(".*.tmp"))  # no temp file left


def test_a_failed_checked_write_leaves_the_old_file(tmp_path):
    import pickle

    import pytest

    from kg.cache import read_checked, write_checked

    path = tmp_path / "x.pickle"
    write_checked(path, b"m\n", [1, 2])
    with pytest.raises((AttributeError, TypeError, pickle.PicklingError)):
        write_checked(path, b"m\n", [3, lambda: 4])  # not picklable: fails halfway
    assert read_checked(path, b"m\n") == [1, 2]
    assert not list(tmp_path.glob(".*.tmp"))
