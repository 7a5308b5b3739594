"""Reads back the `csv-excel` tables as a French Excel user would get them (Tools/excel-check.sh).

For each file: a UTF-8 byte-order mark, CRLF line ends, `;` separators; Python's csv module reads a rectangular table
whose decimal numbers use a comma; then LibreOffice, importing it as CSV in the fr-FR locale (`;`, UTF-8), saves it as
xlsx, and openpyxl finds every number of the CSV as a numeric cell of the same value and every text cell (accents
included) unchanged.
"""
import csv
import os
import re
import subprocess
import sys

import openpyxl

NUMBER = re.compile(r"^-?\d+(,\d+)?$")


def check(folder, name):
    path = os.path.join(folder, name)
    raw = open(path, "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf"), f"{name}: no UTF-8 byte-order mark"
    assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n"), f"{name}: lines must end with CRLF"
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    header, body = rows[0], rows[1:]
    assert body, f"{name}: no rows"
    assert all(len(r) == len(header) for r in body), f"{name}: rows of unequal length"
    decimals = [v for r in body for v in r if NUMBER.match(v) and "," in v]
    assert decimals, f"{name}: no decimal number written with a comma"
    assert not any(re.match(r"^-?\d+\.\d+$", v) for r in body for v in r), f"{name}: a decimal point in an Excel CSV"

    # A profile of its own in the run's folder: LibreOffice writes one on first start.
    profile = "-env:UserInstallation=file://" + os.path.abspath(os.path.join(folder, "libreoffice-profile"))
    subprocess.run(["libreoffice", profile, "--headless", "--infilter=CSV:59,34,76,1,,1036", "--convert-to", "xlsx",
                    "--outdir", folder, path], check=True, capture_output=True, timeout=120)
    sheet = openpyxl.load_workbook(os.path.join(folder, name.replace(".csv", ".xlsx"))).active
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    assert [str(v) for v in cells[0]] == header, f"{name}: header {cells[0]} != {header}"
    accents = 0
    for line, (text_row, cell_row) in enumerate(zip(body, cells[1:]), start=2):
        for column, (text, cell) in enumerate(zip(text_row, cell_row)):
            where = f"{name}:{line} {header[column]}"
            if NUMBER.match(text) and not (len(text) > 1 and text.startswith("0")):   # codes like 02 stay text
                assert isinstance(cell, (int, float)), f"{where}: '{text}' read as {cell!r}, not a number"
                assert abs(cell - float(text.replace(",", "."))) < 1e-9, f"{where}: {text} read as {cell}"
            elif text:
                assert text == str(cell) or cell is not None, f"{where}: '{text}' read as {cell!r}"
                if isinstance(cell, str):
                    assert cell == text, f"{where}: '{text}' read as '{cell}'"
                    accents += any(ord(ch) > 127 for ch in cell)
    print(f"PASS {name}: {len(body)} rows, {len(decimals)} decimal commas, {accents} cells with accents, numbers numeric in LibreOffice")
    return accents


def main():
    folder, names = sys.argv[1], sys.argv[2:]
    accents = sum(check(folder, name) for name in names)
    assert accents > 0, "no accented text at all in the tables: the encoding was not exercised"


if __name__ == "__main__":
    main()
