#!/usr/bin/env python3
"""Write each addon's README.rst from its readme/ fragments, in the OCA's layout.

    python3 tests/readme_rst.py           # rewrite the README.rst of every addon
    python3 tests/readme_rst.py --check   # exit 1 if a committed README.rst differs

The OCA generates an addon's README.rst with oca-gen-addon-readme (OCA/maintainer-tools,
not published on PyPI, see .pre-commit-config.yaml); this script writes the same layout
from the same sources, with no dependency: the manifest (name, summary, license,
development status, authors, maintainers, website) and the Markdown fragments of
``readme/`` (DESCRIPTION, CONFIGURE, USAGE, CONTRIBUTORS), converted to
reStructuredText. The conversion knows the Markdown the fragments use: paragraphs,
``-`` and numbered lists (nested by indentation), fenced and indented code blocks,
images on their own line, code spans, bold, italics, links. tests/test_readme.py checks
that every README.rst is up to date and that docutils reads it without a warning.
"""

import argparse
import ast
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent.name for p in ROOT.glob("*/__manifest__.py"))

# the fragments, in the order of the OCA's README.rst, with their section titles
SECTIONS = [
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
]

LICENSES = {
    "AGPL-3": (
        "licence-AGPL--3-blue",
        "http://www.gnu.org/licenses/agpl-3.0-standalone.html",
    ),
    "LGPL-3": (
        "licence-LGPL--3-blue",
        "http://www.gnu.org/licenses/lgpl-3.0-standalone.html",
    ),
}
MATURITY_COLOURS = {
    "Alpha": "red",
    "Beta": "yellow",
    "Production/Stable": "green",
    "Mature": "brightgreen",
}

# ------------------------------------------------------------------ Markdown to RST
_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_STRONG = re.compile(r"\*\*([^*\s](?:[^*]*[^*\s])?)\*\*")
_EMPHASIS = re.compile(r"(?<![*\w])\*([^*\s](?:[^*]*[^*\s])?)\*(?![*\w])")
_IMAGE = re.compile(r"^!\[([^\]]*)\]\(([^)\s]+)\)$")
_ITEM = re.compile(r"^(- |\d+\. )")
_FENCE = "```"


def _inline(text):
    """A paragraph's Markdown inline markup as RST inline markup."""
    pieces = []

    def keep(rst):
        pieces.append(rst)
        return f"\x00{len(pieces) - 1}\x00"

    text = _CODE.sub(lambda m: keep(f"``{m.group(1)}``"), text)
    text = _LINK.sub(lambda m: keep(f"`{m.group(1)} <{m.group(2)}>`_"), text)
    text = _AUTOLINK.sub(lambda m: keep(m.group(1)), text)
    text = _STRONG.sub(lambda m: keep(f"**{m.group(1)}**"), text)
    text = _EMPHASIS.sub(lambda m: keep(f"*{m.group(1)}*"), text)
    # RST ends inline markup only before a space or a punctuation mark: an escaped space
    # joins it to a letter or digit
    parts = re.split(r"\x00(\d+)\x00", text)
    out = []
    for index, part in enumerate(parts):
        if index % 2 == 0:
            out.append(part)
            continue
        before, after = parts[index - 1], parts[index + 1]
        out.append(
            ("\\ " if before[-1:].isalnum() else "")
            + pieces[int(part)]
            + ("\\ " if after[:1].isalnum() else "")
        )
    return "".join(out)


def _dedent(lines, width):
    return [line[width:] if line[:width].strip() == "" else line for line in lines]


def _code_block(lines, i):
    """The literal block of a fenced or indented code block at ``lines[i]``, and the
    index of the line after it."""
    if lines[i].startswith(_FENCE):
        end = i + 1
        while end < len(lines) and not lines[end].startswith(_FENCE):
            end += 1
        code = [f"    {line}" for line in lines[i + 1 : end]]
        end += 1
    else:
        end = i
        while end < len(lines) and (
            lines[end].startswith("    ") or not lines[end].strip()
        ):
            end += 1
        code = lines[i:end]
        while code and not code[-1].strip():
            code.pop()
    return ["::", ""] + [line.rstrip() for line in code], end


def _list(lines, i):
    """The RST list of the Markdown list at ``lines[i]``, and the index of the line
    after it. An item's body is indented by its marker's width."""
    items = []
    while i < len(lines) and _ITEM.match(lines[i]):
        marker = _ITEM.match(lines[i]).group(1)
        width = len(marker)
        body = [lines[i][width:]]
        i += 1
        while i < len(lines) and (
            lines[i].startswith(" " * width)
            or (
                not lines[i].strip()
                and i + 1 < len(lines)
                and lines[i + 1].startswith(" " * width)
            )
        ):
            body.append(lines[i])
            i += 1
        rst_marker = "-" if marker == "- " else marker.strip()
        rst_body = markdown_to_rst([body[0]] + _dedent(body[1:], width)) or [""]
        pad = " " * (len(rst_marker) + 1)
        items.append(f"{rst_marker} {rst_body[0]}")
        items.extend(f"{pad}{rst}" if rst else "" for rst in rst_body[1:])
        if "" in rst_body:
            # an item of several blocks: a blank line before the next item
            items.append("")
        # a blank line ends the list unless another item follows
        following = i
        while following < len(lines) and not lines[following].strip():
            following += 1
        if following < len(lines) and _ITEM.match(lines[following]):
            i = following
    if items and not items[-1]:
        items.pop()
    return items, i


def _paragraph_end(lines, i):
    end = i
    while (
        end < len(lines)
        and lines[end].strip()
        and not lines[end].startswith((_FENCE, "    "))
        and not (end > i and _ITEM.match(lines[end]))
        and not _IMAGE.match(lines[end].strip())
    ):
        end += 1
    return end


def markdown_to_rst(lines):
    """The RST lines of Markdown ``lines`` (one block level: lists recurse)."""
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        image = _IMAGE.match(line.strip())
        if line.startswith((_FENCE, "    ")):
            rst, i = _code_block(lines, i)
        elif image:
            alt, path = image.groups()
            rst = [f".. image:: {path.removeprefix('../')}", f"   :alt: {alt}"]
            i += 1
        elif _ITEM.match(line):
            rst, i = _list(lines, i)
        else:
            end = _paragraph_end(lines, i)
            text = "\n".join(line.strip() for line in lines[i:end])
            rst = _inline(text).split("\n")
            i = end
        if out:
            out.append("")
        out.extend(rst)
    return out


# ------------------------------------------------------------------------ README.rst
def _title(text, char, over=False):
    rule = char * len(text)
    return [rule, text, rule] if over else [text, rule]


def _fragment(addon, name):
    path = ROOT / addon / "readme" / name
    if not path.exists():
        return []
    return markdown_to_rst(path.read_text(encoding="utf-8").splitlines())


def readme(addon):
    """The README.rst of ``addon``."""
    manifest = ast.literal_eval(
        (ROOT / addon / "__manifest__.py").read_text(encoding="utf-8")
    )
    website = manifest["website"].rstrip("/")
    status = manifest.get("development_status", "Beta")
    license_badge, license_url = LICENSES[manifest["license"]]
    maturity = status.replace("/", "-").replace(" ", "")
    lines = [
        *_title(manifest["name"], "=", over=True),
        "",
        "..",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "   !! This file is generated by tests/readme_rst.py from readme/*.md !!",
        "   !! and __manifest__.py: changes here will be overwritten.          !!",
        "   !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!",
        "",
        f".. |badge1| image:: https://img.shields.io/badge/maturity-{maturity}-"
        f"{MATURITY_COLOURS.get(status, 'lightgrey')}.png",
        "    :target: https://odoo-community.org/page/development-status",
        f"    :alt: {status}",
        f".. |badge2| image:: https://img.shields.io/badge/{license_badge}.png",
        f"    :target: {license_url}",
        f"    :alt: License: {manifest['license']}",
        "",
        "|badge1| |badge2|",
        "",
        manifest["summary"],
        "",
        *_fragment(addon, "DESCRIPTION.md"),
        "",
        "**Table of contents**",
        "",
        ".. contents::",
        "   :local:",
    ]
    for name, title in SECTIONS:
        body = _fragment(addon, name)
        if body:
            lines += ["", *_title(title, "="), "", *body]
    lines += [
        "",
        *_title("Bug Tracker", "="),
        "",
        f"Bugs are tracked on `GitHub Issues <{website}/issues>`_.",
        "In case of trouble, please check there if your issue has already been "
        "reported.",
        "",
        *_title("Credits", "="),
        "",
        *_title("Authors", "-"),
        "",
        *(f"* {author.strip()}" for author in manifest["author"].split(",")),
    ]
    contributors = _fragment(addon, "CONTRIBUTORS.md")
    if contributors:
        lines += ["", *_title("Contributors", "-"), "", *contributors]
    maintainers = manifest.get("maintainers", [])
    lines += ["", *_title("Maintainers", "-"), ""]
    for login in maintainers:
        lines += [
            f".. |maintainer-{login}| image:: https://github.com/{login}.png?size=40px",
            f"    :target: https://github.com/{login}",
            f"    :alt: {login}",
        ]
    if maintainers:
        lines += [
            "",
            "Current maintainer" + ("s" if len(maintainers) > 1 else "") + ":",
            "",
            " ".join(f"|maintainer-{login}|" for login in maintainers),
            "",
        ]
    lines.append(
        f"This module is part of the `{website.split('github.com/')[-1]} "
        f"<{website}>`_ project on GitHub."
    )
    return "\n".join(lines) + "\n"


def generate():
    """{relative path: text} of every addon's README.rst."""
    return {f"{addon}/README.rst": readme(addon) for addon in ADDONS}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="compare the committed files with the generated ones, write nothing",
    )
    ns = parser.parse_args(argv)
    files = generate()
    if ns.check:
        stale = [
            path
            for path, text in files.items()
            if not (ROOT / path).exists()
            or (ROOT / path).read_text(encoding="utf-8") != text
        ]
        for path in stale:
            sys.stdout.write(f"{path} differs from tests/readme_rst.py's output\n")
        if stale:
            sys.stdout.write("run python3 tests/readme_rst.py and commit the files\n")
            return 1
        sys.stdout.write(f"{len(files)} README.rst files up to date\n")
        return 0
    for path, text in files.items():
        (ROOT / path).write_text(text, encoding="utf-8")
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
