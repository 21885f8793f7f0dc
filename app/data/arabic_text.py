"""Arabic words as search compares them: one spelling for the forms a reader may type.

The Arabic database's index is built from `fold`ed text and search folds the reader's words
the same way (app/data/search.py `_fold`), so these find each other:

- alef with hamza or madda, and alef wasla (أ إ آ ٱ), are bare alef (ا); so is every letter
  that carries a hamza as a mark (ؤ → و, ئ → ي: Unicode decomposes them alike);
- taa marbuta (ة) is haa (ه); alef maqsura (ى) is yaa (ي);
- tatweel (ـ) and the vowel marks (harakat U+064B–U+0652, dagger alef U+0670) are dropped;
- a light prefix: the article (ال), alone or after و ف and ب ك ل (وال، فال، بال، كال، لل for
  ل + ال), is stripped, when at least two letters remain ("العباسي" and "والعباسي" are
  "عباسي"; "العراق" and "والعراق" are "عراق"). A lone و or ب before a word without the
  article stays: "بغداد" is no "غداد".

Only words with Arabic letters change, so English text and queries read exactly as before;
and a word never folds to nothing, so the index and the page have the same words in the same
places (the index's highlights are placed by word position).
"""

import re
import unicodedata
from functools import lru_cache

ARABIC = re.compile(r"[\u0600-\u06ff]")
# A word as the Arabic index's tokenizer reads one: letters, digits and marks (tatweel is a
# letter to Unicode; the harakat are marks, kept inside the word).
WORD = re.compile(r"[\w\u064b-\u0652\u0670\u0640]+")
MARKS = re.compile(r"[\u064b-\u0652\u0670\u0640]")
LETTERS = str.maketrans({"ٱ": "ا", "ة": "ه", "ى": "ي"})
PREFIX = re.compile(r"^(?:[وف]?[بكل]?ال|[وف]?لل)(?=\w{2})")


def strip_marks(text: str) -> str:
    """The text without tatweel and vowel marks: what a reader's query is split into words
    from (a mark would split a word)."""
    return MARKS.sub("", text) if ARABIC.search(text) else text


def _letters(word: str) -> str:
    decomposed = "".join(
        unicodedata.normalize("NFKD", c) if "\u0600" <= c <= "\u06ff" else c for c in word
    )
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("\u0640", "")
    return bare.translate(LETTERS)


# The index folds every word of every page (the same few thousand, many times over); bounded,
# since a search folds whatever a reader types.
@lru_cache(maxsize=16384)
def fold_word(word: str) -> str:
    """One word's folded spelling (unchanged without Arabic letters, never empty)."""
    if not ARABIC.search(word):
        return word
    return PREFIX.sub("", _letters(word), count=1) or word


def fold(text: str) -> str:
    """The text with each Arabic word folded (`fold_word`), everything else as it was."""
    if not ARABIC.search(text):
        return text
    return WORD.sub(lambda match: fold_word(match.group()), text)
