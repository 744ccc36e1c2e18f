"""read.py: decoding, binary and empty files, metadata sidecars, dates from file names."""

from __future__ import annotations

import codecs

import pytest

from pipeline.errors import PressfactsError
from pipeline.read import date_from_filename, decode, document_from_bytes, load_metadata, parse_date, read_document

TEXT = "重庆市委书记袁家军主持会议。\n两省市联合出台100多个政策文件。"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_supported_encodings_decode_to_the_same_text(data: bytes, encoding: str) -> None:
    text, used = decode(data, "x.txt")
    assert text == TEXT
    assert used == encoding


@pytest.mark.parametrize(
    ("data", "code", "says"),
    [
        (b"%PDF-1.7\n...", "E-READ-BINARY", "PDF"),
        (b"PK\x03\x04\x14\x00", "E-READ-BINARY", "ZIP"),
        (b"\x89PNG\r\n\x1a\n", "E-READ-BINARY", "PNG"),
        (b"abc\x00def", "E-READ-BINARY", "offset 3"),
        (b"", "E-READ-EMPTY", "empty"),
        (b" \n\t\r\n", "E-READ-EMPTY", "empty"),
        (b"\xff\xfe\x00", "E-READ-DECODE", "utf-16"),
    ],
)
def test_bad_bytes_give_a_named_failure(data: bytes, code: str, says: str) -> None:
    with pytest.raises(PressfactsError) as info:
        document_from_bytes(data, "bad.txt")
    assert info.value.code == code
    assert "bad.txt" in str(info.value)
    assert says.lower() in str(info.value).lower()


def test_undecodable_bytes_name_the_offset() -> None:
    data = "会议".encode("utf-8") + bytes([0x81, 0x20, 0x07, 0x08]) * 50
    with pytest.raises(PressfactsError) as info:
        document_from_bytes(data, "soup.txt")
    assert info.value.code == "E-READ-DECODE"
    assert "offset 6" in info.value.message


def test_crlf_is_kept_as_read() -> None:
    doc = document_from_bytes("第一行\r\n第二行".encode(), "crlf.txt")
    assert doc.text == "第一行\r\n第二行"


def test_missing_file_and_directory(tmp_path) -> None:
    with pytest.raises(PressfactsError) as missing:
        read_document(tmp_path / "nope.txt")
    assert missing.value.code == "E-READ-MISSING"
    with pytest.raises(PressfactsError) as directory:
        read_document(tmp_path)
    assert directory.value.code == "E-READ-DIRECTORY"


def test_a_glob_that_matched_nothing_says_so(tmp_path) -> None:
    with pytest.raises(PressfactsError) as info:
        read_document(tmp_path / "corpus" / "*.txt")
    assert info.value.code == "E-READ-NO-MATCH"
    assert str(info.value).endswith("*.txt: is a pattern that matches no file")


def test_too_large_is_refused_before_reading(tmp_path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("会" * 1000, encoding="utf-8")
    with pytest.raises(PressfactsError) as info:
        read_document(big, max_bytes=100)
    assert info.value.code == "E-READ-TOO-LARGE"


@pytest.mark.parametrize(
    ("value", "iso"),
    [("20230627", "2023-06-27"), ("2023-06-27", "2023-06-27"), ("2023/6/7", "2023-06-07"),
     ("2023年6月7日", "2023-06-07"), ("20230231", None), ("June", None), ("", None)],
)
def test_parse_date(value: str, iso: str | None) -> None:
    assert parse_date(value) == iso


@pytest.mark.parametrize(
    ("name", "iso"),
    [("xwlb_20250318_01.txt", "2025-03-18"), ("2024-01-05-report.txt", "2024-01-05"),
     ("000_534489a36b57a320.txt", None), ("govreport_2026_四川省.txt", None)],
)
def test_date_from_filename(name: str, iso: str | None) -> None:
    assert date_from_filename(name) == iso


def test_metadata_sidecar_gives_date_title_source(tmp_path) -> None:
    sidecar = tmp_path / "index.tsv"
    sidecar.write_text("file\tsource\tdate\ttitle\na.txt\t华西都市报\t20230627\t唱好双城记\n", encoding="utf-8")
    meta = load_metadata(sidecar)
    doc = document_from_bytes(TEXT.encode(), "dir/a.txt", meta["a.txt"])
    assert (doc.pub_date, doc.pub_date_source, doc.title, doc.outlet) == ("2023-06-27", "metadata", "唱好双城记", "华西都市报")


@pytest.mark.parametrize(
    ("content", "code", "line"),
    [("name\tdate\na.txt\t20230627\n", "E-META-COLUMNS", ":1"),
     ("file,date\na.txt,yesterday\n", "E-META-DATE", ":2"),
     ("file\tdate\n\t20230627\n", "E-META-ROW", ":2")],
)
def test_malformed_metadata_names_file_and_line(tmp_path, content: str, code: str, line: str) -> None:
    sidecar = tmp_path / "meta.tsv"
    sidecar.write_text(content, encoding="utf-8")
    with pytest.raises(PressfactsError) as info:
        load_metadata(sidecar)
    assert info.value.code == code
    assert f"meta.tsv{line}" in str(info.value)
