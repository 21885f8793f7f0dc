"""facts.csv explains itself: a column guide on the downloads page and CSVW metadata beside it."""

import csv
import io
import re
from html import unescape
from pathlib import Path

import csvw
import pytest
from fastapi.testclient import TestClient

METADATA = "/downloads/facts.csv-metadata.json"


def save(client: TestClient, folder: Path, csv_text: str | None = None) -> Path:
    """The CSV and its metadata side by side, as a CSVW processor finds them."""
    data = csv_text if csv_text is not None else client.get("/downloads/facts.csv").text
    (folder / "facts.csv").write_bytes(data.encode())
    (folder / "facts.csv-metadata.json").write_bytes(client.get(METADATA).content)
    return folder / "facts.csv-metadata.json"


def test_the_csv_validates_against_its_csvw_metadata(client: TestClient, tmp_path: Path) -> None:
    rows = list(csvw.Table.from_file(save(client, tmp_path)).iterdicts())
    facts = {fact["id"]: fact for fact in client.get("/facts.json").json()}
    assert [row["id"] for row in rows] == list(facts)
    for row in rows:
        fact = facts[row["id"]]
        assert (row["start"], row["end"]) == (fact["start"], fact["end"])
        assert row["story"] is fact["story"]
        assert row["via"] == fact["via"]
        assert row["url"].unsplit() == fact["url"]


@pytest.mark.parametrize(
    ("column", "bad"), [("kind", "rumour"), ("story", "maybe"), ("start", "-3")]
)
def test_a_value_the_guide_rules_out_fails_validation(
    client: TestClient, tmp_path: Path, column: str, bad: str
) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/downloads/facts.csv").text)))
    rows[0][column] = bad
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    with pytest.raises(ValueError, match=column):
        list(csvw.Table.from_file(save(client, tmp_path, out.getvalue())).iterdicts())


def test_the_downloads_page_explains_every_column(client: TestClient) -> None:
    header = client.get("/downloads/facts.csv").text.split("\r\n", 1)[0].split(",")
    guide = client.get("/downloads.json").json()["csv_columns"]
    described = client.get(METADATA).json()["tableSchema"]["columns"]
    assert [c["name"] for c in guide] == header == [c["name"] for c in described]
    html = unescape(client.get("/downloads").text)
    for column in guide:
        assert column["type"] and column["meaning"]
        assert f"<dt><code>{column['name']}</code> · {column['type']}</dt>" in html
        assert f"<dd>{column['meaning']}</dd>" in html
    assert 'href="/downloads/facts.csv-metadata.json"' in html
    assert "code points" in next(c["meaning"] for c in guide if c["name"] == "start")


def test_the_csv_points_to_its_metadata_and_the_metadata_is_listed(client: TestClient) -> None:
    link = client.get("/downloads/facts.csv").headers["link"]
    assert re.fullmatch(
        r'<https?://[^>]+/downloads/facts\.csv-metadata\.json>; rel="describedby"; '
        r'type="application/csvm\+json"',
        link,
    )
    metadata = client.get(METADATA)
    assert metadata.headers["content-type"] == "application/csvm+json"
    assert metadata.headers["access-control-allow-origin"] == "*"
    assert metadata.json()["@context"] == "http://www.w3.org/ns/csvw"
    files = [f["url"] for f in client.get("/downloads.json").json()["files"]]
    assert METADATA in files
