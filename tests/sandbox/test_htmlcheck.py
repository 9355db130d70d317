"""Tests of the sandbox's strict Telegram-HTML parser."""

from __future__ import annotations

import pytest

from bot.content.html import (
    EntityParseError,
    parse_html,
    plain_from_html,
    trim_parsed,
    utf16_len,
)


def test_plain_text_passes_through() -> None:
    parsed = parse_html("just words")
    assert parsed.text == "just words"
    assert parsed.entities == []
    assert parsed.utf16_length == 10


def test_all_telegram_tags_give_entities() -> None:
    source = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>"
        "<strike>k</strike><del>d</del><tg-spoiler>p</tg-spoiler>"
        '<span class="tg-spoiler">q</span><a href="https://x.org">a</a><code>c</code>'
        "<pre>p</pre><blockquote>q</blockquote><blockquote expandable>x</blockquote>"
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
    )
    parsed = parse_html(source)
    types = [e["type"] for e in parsed.entities]
    assert types == [
        "bold",
        "bold",
        "italic",
        "italic",
        "underline",
        "underline",
        "strikethrough",
        "strikethrough",
        "strikethrough",
        "spoiler",
        "spoiler",
        "text_link",
        "code",
        "pre",
        "blockquote",
        "expandable_blockquote",
        "custom_emoji",
    ]
    assert parsed.entities[11]["url"] == "https://x.org"
    assert parsed.entities[-1]["custom_emoji_id"] == "5368324170671202286"


def test_pre_with_language_absorbs_code() -> None:
    parsed = parse_html('<pre><code class="language-python">x = 1</code></pre>')
    assert parsed.entities == [{"type": "pre", "offset": 0, "length": 5, "language": "python"}]


def test_code_language_hint_does_not_leak() -> None:
    parsed = parse_html('<code class="language-python">x</code>')
    assert parsed.entities == [{"type": "code", "offset": 0, "length": 1}]


def test_offsets_are_utf16_code_units() -> None:
    parsed = parse_html("😀 <b>ok</b>")
    assert parsed.entities == [{"type": "bold", "offset": 3, "length": 2}]
    assert utf16_len("😀") == 2


def test_escapes_are_decoded() -> None:
    parsed = parse_html("a &lt;b&gt; &amp; &quot;c&quot; &#65;&#x42;")
    assert parsed.text == 'a <b> & "c" AB'


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", 'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<foo>x</foo>", 'Unsupported start tag "foo" at byte offset 0'),
        ("<br/>", 'Unsupported start tag "br/" at byte offset 0'),
        ("1 < 2", 'Unsupported start tag "" at byte offset 2'),
        ("a <b", "Unclosed start tag at byte offset 2"),
        ("x > y", 'Character ">" at byte offset 2 must be escaped as "&gt;"'),
        ("Tom & Jerry", 'Character "&" at byte offset 4 must be escaped as "&amp;"'),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;" at byte offset 0'),
        ('<span class="x">y</span>', 'Tag "span" must have class "tg-spoiler"'),
        ("<a href>x</a>", 'Expected equal sign in declaration of an attribute of the tag "a"'),
    ],
)
def test_invalid_html_is_rejected(source: str, reason: str) -> None:
    with pytest.raises(EntityParseError) as info:
        parse_html(source)
    assert info.value.reason.startswith(reason)


def test_byte_offsets_count_utf8_bytes() -> None:
    with pytest.raises(EntityParseError, match="byte offset 3"):
        parse_html("é <x>")


def test_tags_are_case_insensitive_and_attributes_may_be_single_quoted() -> None:
    parsed = parse_html("<B>x</B><a href='tg://user?id=1'>y</a>")
    assert [e["type"] for e in parsed.entities] == ["bold", "text_link"]


def test_trim_moves_entities() -> None:
    parsed = trim_parsed(parse_html("  <b> hi </b>  "))
    assert parsed.text == "hi"
    assert parsed.entities == [{"type": "bold", "offset": 0, "length": 2}]
    assert parsed.utf16_length == 2


def test_empty_entities_are_dropped() -> None:
    assert parse_html("<b></b>x").entities == []


def test_plain_from_html_tolerates_invalid_markup() -> None:
    assert plain_from_html("<b>Hi</b> &amp; bye") == "Hi & bye"
    assert plain_from_html("<b>unclosed & raw") == "unclosed & raw"
