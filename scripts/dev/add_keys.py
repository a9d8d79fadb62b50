#!/usr/bin/env python3
"""Merges translation keys into locales/en.json and locales/de.json.

Usage: add_keys.py FILE.json, where FILE holds {"en": {...}, "de": {...}} nested like the
locales. Existing keys are overwritten; order is kept."""
import json, sys, collections

def merge(dst, src):
    for k, v in src.items():
        if isinstance(v, dict):
            merge(dst.setdefault(k, collections.OrderedDict()), v)
        else:
            dst[k] = v

new = json.load(open(sys.argv[1]), object_pairs_hook=collections.OrderedDict)
for lang in ("en", "de"):
    path = f"locales/{lang}.json"
    data = json.load(open(path), object_pairs_hook=collections.OrderedDict)
    merge(data, new[lang])
    with open(path, "w") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")
