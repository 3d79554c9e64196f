"""kg.graph: the shared lines' groups, rebuilt incrementally, equal a fresh layout."""

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.graph import SHARED_BUCKETS, SharedLines

SUBJECTS = [f"https://w3id.org/policykg/id/agency-{i}" for i in range(40)]
LINES = st.builds(
    lambda s, o: f'<{s}> <http://www.w3.org/2000/01/rdf-schema#label> "{o}" .',
    st.sampled_from(SUBJECTS),
    st.text(alphabet="科技局市省abc", min_size=1, max_size=4),
)


@settings(max_examples=60, deadline=None)
@given(st.sets(LINES, max_size=60), st.sets(LINES, max_size=60))
def test_replaced_equals_fresh_layout(before, after):
    old = SharedLines.of(before)
    new = old.replaced(set(after))
    assert new == SharedLines.of(after)
    assert sorted(new) == sorted(after) and len(new) == len(after)
    assert len(new.buckets) == SHARED_BUCKETS
    # unchanged groups are the very same objects (their sections are copied)
    for (d_old, lines_old), (d_new, lines_new) in zip(old.buckets, new.buckets):
        if lines_old == lines_new:
            assert d_old == d_new


def test_unchanged_lines_keep_the_layout():
    lines = {f'<{s}> <http://x/p> "1" .' for s in SUBJECTS}
    layout = SharedLines.of(lines)
    assert layout.replaced(set(lines)) is layout
    assert layout.digest() == SharedLines.of(sorted(lines, reverse=True)).digest()


def test_each_subject_in_one_group():
    lines = {f'<{s}> <http://x/p> "{i}" .' for s in SUBJECTS for i in range(3)}
    layout = SharedLines.of(lines)
    for _, group in layout.buckets:
        assert list(group) == sorted(group)
    homes = {}
    for n, (_, group) in enumerate(layout.buckets):
        for line in group:
            homes.setdefault(line.split(">")[0], set()).add(n)
    assert all(len(v) == 1 for v in homes.values())


def test_sorted_like_sorts_whatever_the_lines_before():
    """kg.link.sorted_like: the links lines sorted, with the last build's lines as
    a hint that can only make it cheaper, never different."""
    from hypothesis import given
    from hypothesis import strategies as st

    from kg.link import sorted_like

    words = st.text(alphabet="ab<>x ", max_size=6)

    @given(st.sets(words), st.lists(words))
    def check(lines, before):
        assert sorted_like(lines, sorted(set(before))) == tuple(sorted(lines))

    check()
    same = ["<a> <b> <c> .", "<d> <e> <f> ."]
    assert sorted_like(set(same), same) == tuple(same)
