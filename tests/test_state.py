"""The part store (`kg.state.PartStore`): with a folder, a build keeps only the shared
lines in memory and reads a partition's private lines from the folder when asked."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kg.partition import Partition
from kg.partstore import PartStore


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


def test_a_spill_file_gives_back_what_was_put_and_leaves_nothing_behind(tmp_path):
    from kg.cache import SpillFile
    from kg.model import DocResult, FileFormat, SourceText

    results = {
        f"{n}.txt": DocResult(SourceText(f"{n}.txt", "正文" * n, f"sha{n}", "utf-8", FileFormat.TEXT), ())
        for n in range(1, 4)
    }
    with SpillFile(tmp_path) as spill:
        for path, result in results.items():
            spill.put(path, result)
        assert list(tmp_path.iterdir()) == []  # the spill file has no name
        assert [spill.get(path) for path in reversed(results)] == list(reversed(results.values()))
        assert "1.txt" in spill and "4.txt" not in spill
    assert list(tmp_path.iterdir()) == []


def test_the_state_reads_back_as_saved_and_saving_leaves_the_lines_as_they_were(tmp_path):
    import sys

    from kg.graph import SharedLines
    from kg.state import BuildState, load_state, save_state

    shared = [f'<urn:agency:{n}> <urn:label> "科技局{n}" .' for n in range(200)]
    dropped = '<urn:doc:1> <urn:title> "一份文件" .'  # counted, but a private line of its owner
    only_linked = "<urn:doc:2> <urn:implements> <urn:doc:3> ."  # a links line that is not shared
    links_lines = tuple(sorted([*shared[::7], only_linked]))
    links = Partition("links", "urn:links", "", links_lines, b"", 0, len(links_lines), (), (), (), "dl")
    counts = {line: 1 + n % 3 for n, line in enumerate(shared[::2])}
    counts[dropped] = 2
    state = BuildState("v1", links=links, shared=SharedLines.of(shared), counts=counts, headers="h")
    sizes = [sys.getsizeof(line) for line in shared]
    save_state(tmp_path, state)
    assert [sys.getsizeof(line) for line in shared] == sizes  # no UTF-8 copy kept in the strings
    back = load_state(tmp_path, "v1")
    assert back.links == links and back.links.shared == links_lines
    assert back.shared == state.shared
    assert back.counts == counts
    assert back.headers == "h"
    assert load_state(tmp_path, "v2").links is None  # another version: no state
    (tmp_path / "state.pickle").write_bytes((tmp_path / "state.pickle").read_bytes()[:-9])
    assert load_state(tmp_path, "v1").links is None  # cut short: no state


def test_a_save_copies_the_groups_that_did_not_change_and_writes_the_others_again(tmp_path, monkeypatch):
    """A state saved from a loaded one copies each shared group's stored bytes when its
    lines, their counts and which of them the links graph holds are unchanged; a group
    holding a line whose count or links flag changed is written again, and all are when
    the changes are not known; either way the state reads back as made."""
    from dataclasses import replace

    import kg.state
    from kg.cache import read_checked_parts
    from kg.graph import SharedLines
    from kg.state import BuildState, load_state, save_state

    shared = [f'<urn:agency:{n}> <urn:label> "科技局{n}" .' for n in range(300)]
    links_lines = tuple(sorted(shared[::5]))
    links = Partition("links", "urn:links", "", links_lines, b"", 0, len(links_lines), (), (), (), "dl")
    counts = {line: 1 + n % 3 for n, line in enumerate(shared)}
    save_state(tmp_path, BuildState("v1", links=links, shared=SharedLines.of(shared), counts=counts))
    parts = lambda: list(read_checked_parts(tmp_path / "state.pickle", kg.state._MAGIC))  # noqa: E731
    first = parts()
    encoded = []
    real = kg.state._encoded
    monkeypatch.setattr(kg.state, "_encoded", lambda lines: encoded.append(lines) or real(lines))
    loaded = load_state(tmp_path, "v1")
    save_state(tmp_path, replace(loaded, recounted=set()))  # nothing changed: every group copied
    assert encoded == [] and parts() == first
    # one line counted once more: its group is written again, the others copied
    loaded = load_state(tmp_path, "v1")
    changed = shared[7]
    loaded.counts[changed] += 1
    save_state(tmp_path, replace(loaded, recounted={changed}))
    assert len(encoded) == 1 and changed in encoded[0]
    back = load_state(tmp_path, "v1")
    assert back.counts == {**counts, changed: counts[changed] + 1}
    assert back.shared == loaded.shared and back.links.shared == links_lines
    # a line more in the links graph: its group is written again (its flag changed)
    encoded.clear()
    linked = tuple(sorted({*links_lines, shared[11]}))
    more = Partition("links", "urn:links", "", linked, b"", 0, len(linked), (), (), (), "dl2")
    save_state(tmp_path, replace(back, links=more, recounted=set()))
    assert len(encoded) == 1 and shared[11] in encoded[0]
    back = load_state(tmp_path, "v1")
    assert back.links.shared == linked and back.counts[shared[11]] == counts[shared[11]]
    # changes the state was not told of (recounted None): every group written again
    encoded.clear()
    save_state(tmp_path, replace(back, recounted=None))
    assert len(encoded) == len(back.shared.buckets)
    assert load_state(tmp_path, "v1").counts == back.counts


def test_a_worker_writes_a_partition_into_the_folder_and_keeps_nothing(tmp_path):
    worker = PartStore(tmp_path)
    part = _part("d2", shared=("<s> <p> <o> .", "<s> <p> <o2> ."))
    worker.write(part)
    assert worker.memo == {} and worker.canonical == {}
    build = PartStore(tmp_path)  # the build process, given the partition back without its private lines
    build.put(worker.in_folder(part))
    assert build.get(part.without_lines()) == part.private
    assert build.get_shared(part.without_lines()) == part.shared


def test_cache_entries_are_not_waited_for_on_disk_but_the_state_is(tmp_path, monkeypatch):
    """Cache entries (extraction results, partitions) skip the fsync a state or export
    file gets: one fsync per corpus file costs milliseconds, and an entry a crash cut
    short fails its digest check and is made again."""
    import os

    from kg.cache import ResultCache, read_checked, write_checked
    from kg.model import DocResult, FileFormat, SourceText
    from kg.partition import Partition
    from kg.partstore import PartStore

    synced = []
    real = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd) or real(fd))
    result = DocResult(SourceText("a.txt", "正文", "sha-a", "utf-8", FileFormat.TEXT), ())
    ResultCache(tmp_path / "results", "rules").put(result)
    part = Partition("a.txt", "g", "sha-a", ("<s> <p> <o> .",), b"", 0, 1, (), (), (), "d1", private=())
    PartStore(tmp_path / "parts").write(part)
    assert synced == []
    write_checked(tmp_path / "state.pickle", b"m\n", {"files": 1})
    assert len(synced) == 1
    assert ResultCache(tmp_path / "results", "rules").get("sha-a", "a.txt") == result
    entry = next((tmp_path / "results").glob("*/*.pickle"))
    entry.write_bytes(entry.read_bytes()[:-5])  # cut short, as a crash may leave it
    assert ResultCache(tmp_path / "results", "rules").get("sha-a", "a.txt") is None
    assert read_checked(tmp_path / "state.pickle", b"m\n") == {"files": 1}
