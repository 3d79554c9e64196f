"""kg.tokens: protected spans stay whole; the cached prefix dictionary gives the same
tokens as jieba built from scratch, and a corrupt cache is rebuilt."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.tokens import Segmenter

TEXT = "实施《山西省“十四五”科技创新规划》，推进“111”创新工程和高新技术企业倍增计划，忻政发〔2021〕5号。"
WORDS = ["高新技术企业倍增计划", "市科技局"]


FULL = Segmenter(["高新技术企业倍增计划", "市科技局"])  # no cache: jieba's whole dictionary


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prefix")
    Segmenter(WORDS, folder).tokens("x")  # writes the grouped dictionary
    return folder


def test_fixture_texts_cut_alike_from_grouped_dictionary(cache_dir, fixture_text):
    reused = Segmenter(WORDS, cache_dir)  # as in a worker: one segmenter, text after text
    for name in ("web_page_notice.txt", "county_articles.txt", "nested_request_notice_measures.txt"):
        text = fixture_text(name)
        assert _texts_of(reused, text) == _texts_of(FULL, text)
        assert _texts_of(Segmenter(WORDS, cache_dir), text) == _texts_of(FULL, text)


def _texts(seg: Segmenter) -> list[str]:
    return [t.text for t in seg.tokens(TEXT)]


def test_protected_spans_are_single_tokens():
    tokens = Segmenter(WORDS).tokens(TEXT)
    texts = [t.text for t in tokens]
    assert "《山西省“十四五”科技创新规划》" in texts
    assert "“111”" in texts and "〔2021〕" in texts
    assert "高新技术企业倍增计划" in texts
    assert all(TEXT[t.start : t.end] == t.text for t in tokens)


def test_cached_prefix_dictionary_gives_the_same_tokens(tmp_path):
    plain = _texts(Segmenter(WORDS))
    first = Segmenter(WORDS, tmp_path)
    assert _texts(first) == plain
    cached = list(tmp_path.glob("jieba-prefix-*.pickle"))
    assert len(cached) == 1
    again = Segmenter(WORDS, tmp_path)
    assert _texts(again) == plain
    assert again._tokenizer.FREQ["高新技术企业倍增计划"] > 0
    whole = Segmenter(WORDS)
    whole.tokens("x")
    assert again._tokenizer.total == whole._tokenizer.total  # jieba's weights use the whole dictionary's total


@settings(max_examples=40, deadline=None)
@given(
    st.text(
        alphabet="科技创新推进产业集群高新技术企业倍增计划市局省发展改革委员会工程实施方案忻州山西。，、“”《》0123456789年",
        max_size=80,
    )
)
def test_entries_loaded_by_first_character_cut_as_the_whole_dictionary(cache_dir, text):
    """jieba looks up only substrings of the text it cuts: loading the entries of the
    text's characters gives the tokens of the whole dictionary."""
    assert _texts_of(Segmenter(WORDS, cache_dir), text) == _texts_of(FULL, text)


def _texts_of(seg: Segmenter, text: str) -> list[str]:
    return [t.text for t in seg.tokens(text)]


def test_corrupt_or_foreign_cache_is_rebuilt(tmp_path):
    plain = _texts(Segmenter(WORDS))
    Segmenter(WORDS, tmp_path).tokens("x")
    (cached,) = tmp_path.glob("jieba-prefix-*.pickle")
    cached.write_bytes(cached.read_bytes()[:1000])
    assert _texts(Segmenter(WORDS, tmp_path)) == plain
    assert cached.stat().st_size > 1000  # written again


def test_other_words_use_another_cache(tmp_path):
    Segmenter(WORDS, tmp_path).tokens("x")
    Segmenter(["忻州市科学技术局"], tmp_path).tokens("x")
    assert len(list(tmp_path.glob("jieba-prefix-*.pickle"))) == 2


def test_unwritable_cache_folder_still_segments(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert _texts(Segmenter(WORDS, blocker / "sub")) == _texts(Segmenter(WORDS))


def test_jieba_without_pkg_resources_segments_as_jieba_does():
    """jieba imported our way (model files read from its folder) cuts text exactly as
    jieba imported the usual way, HMM new words included."""
    import subprocess
    import sys

    text = "忻州市科学技术局韩玲梅签发，推进产学研协同创新和科技成果转化。"
    code = "import sys, jieba; jieba.setLogLevel(60); print('/'.join(jieba.Tokenizer().lcut(sys.argv[1])))"
    usual = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True, check=True).stdout
    ours = (
        "import sys; from kg.tokens import import_jieba; j = import_jieba(); j.setLogLevel(60); "
        "assert 'pkg_resources' not in sys.modules; print('/'.join(j.Tokenizer().lcut(sys.argv[1])))"
    )
    mine = subprocess.run([sys.executable, "-c", ours, text], capture_output=True, text=True, check=True).stdout
    assert mine == usual and "/" in mine


def test_word_classes_from_jieba_and_the_genre(tmp_path):
    from kg.tokens import load_word_classes

    classes = load_word_classes()
    assert classes["赋能"] == "v" and classes["面向"] == "p"
    for seg in (Segmenter(WORDS, classes=classes), Segmenter(WORDS, tmp_path, classes=classes)):
        assert seg.word_class("整合") == "v" and seg.word_class("胶州市") == "ns"
        assert seg.word_class("赋能") == "v"  # the genre's word, which jieba lacks
        assert "赋能" in [t.text for t in seg.tokens("赋能智能制造")]
        assert seg.word_class("高新技术企业倍增计划") is None  # the project's words are names
        assert seg.word_class("") is None and seg.word_class("不是词语的字串") is None
    # read back from the cache: the same classes
    assert Segmenter(WORDS, tmp_path, classes=classes).word_class("于") == "p"


def test_other_word_classes_use_another_cache(tmp_path):
    Segmenter(WORDS, tmp_path, classes={"赋能": "v"}).tokens("x")
    Segmenter(WORDS, tmp_path, classes={"赋能": "n"}).tokens("x")
    assert len(list(tmp_path.glob("jieba-prefix-*.pickle"))) == 2


def test_which_word_classes_govern_a_name():
    from kg.tokens import governs

    assert all(governs(c) for c in ("v", "vd", "p", "c", "d", "ul", "uj", "m", "q", "r", "f", "s", "t", "ns"))
    assert not any(governs(c) for c in ("n", "vn", "nz", "nr", "a", "b", "eng", "", None))
