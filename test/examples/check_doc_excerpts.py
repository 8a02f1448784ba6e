"""Checks that every code block of a Markdown page preceded by
`<!-- from <path> -->` appears verbatim in that file (relative to the
source root), so that a tutorial quoting code cannot drift from the code.

    check_doc_excerpts.py ROOT PAGE.md
Prints one line per checked excerpt; exits 1 on the first that is missing.
"""
import os
import re
import sys


def main():
    root, page = sys.argv[1], sys.argv[2]
    text = open(os.path.join(root, page)).read()
    pattern = re.compile(r"<!-- from (\S+) -->\n```[^\n]*\n(.*?)\n```", re.S)
    count = 0
    for match in pattern.finditer(text):
        path, excerpt = match.group(1), match.group(2)
        source = open(os.path.join(root, path)).read()
        line = text.count("\n", 0, match.start()) + 1
        if excerpt not in source:
            print("%s:%d: error: this excerpt is not in %s:\n%s" % (page, line, path, excerpt))
            return 1
        print("%s:%d: excerpt of %s found" % (page, line, path))
        count += 1
    if count == 0:
        print("%s: error: no excerpt to check" % page)
        return 1
    print("%d excerpts checked" % count)
    return 0


if __name__ == "__main__":
    sys.exit(main())
