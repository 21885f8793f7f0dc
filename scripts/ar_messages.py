"""Write app/locale/ar/LC_MESSAGES/messages.po from app/locale/messages.pot and the Arabic below.

The interface's Arabic lives here, one line a message, so a translator edits a table rather than
a .po by hand; `python scripts/ar_messages.py` refuses a catalog with a message left untranslated
or a placeholder changed. Terms follow seed/ar/glossary.toml [terms] (GUIDE section 10).
"""

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "app" / "locale" / "messages.pot"
CATALOG = ROOT / "app" / "locale" / "ar" / "LC_MESSAGES" / "messages.po"

ARABIC = {
    "%(cited)s of its %(body)s body passages are cited here.": "نستشهد هنا بـ%(cited)s من فقرات متنه البالغة %(body)s.",
    "%(count)s facts, in the order the answer cites them, each with the article’s exact words and its passage": "المعلومات (%(count)s) بالترتيب الذي يستشهد به الجواب، كلٌّ منها بكلمات المقال الحرفية وفقرتها",
    "%(count)s questions, each answered first in one sentence, in our own words; the small numbers open the article’s exact words behind each sentence. Each question has its own page, with every fact behind its answer.": "عدد الأسئلة: %(count)s، يُجاب عن كلٍّ منها أولًا في جملة واحدة بكلماتنا؛ والأرقام الصغيرة تفتح كلمات المقال الحرفية وراء كل جملة. لكل سؤال صفحته، وفيها كل معلومة يقوم عليها جوابه.",
    "%(name)s of 2": "%(name)s من 2",
    "All %(count)s facts": "كل المعلومات (%(count)s)",
    "All facts": "كل المعلومات",
    "Background question": "سؤال عن الخلفية",
    "Baghdad": "بغداد",
    "By when": "بحلول متى",
    "Changes to anything we published are listed under <a href=\"/corrections\">corrections</a>.": "كل تغيير في ما نشرناه مُدرج في <a href=\"/corrections\">التصحيحات</a>.",
    "Close": "إغلاق",
    "Data": "البيانات",
    "Date": "التاريخ",
    "Each fact links to <a href=\"/source\">the passage of the article</a> that states it.": "كل معلومة تحيل إلى <a href=\"/source\">فقرة المقال</a> التي تذكرها.",
    "Each side’s words in full": "كلمات كل طرف كاملة",
    "Every question": "كل الأسئلة",
    "Every question, answered first": "كل الأسئلة، والجواب أولًا",
    "Fact": "معلومة",
    "Fact details": "تفاصيل المعلومة",
    "Figure": "رقم",
    "For programs: <a href=\"/docs\">JSON API documentation</a> · <a href=\"/openapi.json\">OpenAPI schema</a>": "للبرامج: <a href=\"/docs\">توثيق واجهة JSON البرمجية</a> · <a href=\"/openapi.json\">مخطط OpenAPI</a>",
    "Framings": "الصياغات",
    "Full answer": "الجواب كاملًا",
    "Full answer, with the facts behind it": "الجواب كاملًا، مع المعلومات التي يقوم عليها",
    "How each side describes it": "كيف يصفه كل طرف",
    "How the article words it": "كيف يصوغه المقال",
    "How the words reached it": "كيف وصلت الكلمات إليه",
    "How we placed it": "كيف حدّدنا موضعه",
    "In context: passage %(number)s": "في سياقها: الفقرة %(number)s",
    "Iraq Transition Explainer": "شرح المرحلة الانتقالية في العراق",
    "Link to this fact:": "رابط هذه المعلومة:",
    "Links on this page": "الروابط في هذه الصفحة",
    "Main": "الرئيسية",
    "Matched by us:": "مطابقتنا:",
    "More pages": "صفحات أخرى",
    "More:": "المزيد:",
    "New to this story?": "جديد على هذه القصة؟",
    "Not the story itself:": "ليست القصة نفسها:",
    "Note": "ملاحظة",
    "Note: %(note)s": "ملاحظة: %(note)s",
    "Notes": "ملاحظات",
    "Numbers": "الأرقام",
    "Our translation:": "ترجمتنا:",
    "Overview": "نظرة عامة",
    "Passage %(number)s, words highlighted": "الفقرة %(number)s، والكلمات مظلّلة",
    "Permalink:": "رابط دائم:",
    "Question": "سؤال",
    "Questions": "أسئلة",
    "Questions a newcomer asks": "أسئلة يطرحها القادم الجديد",
    "Questions a newcomer asks, answered from the article": "أسئلة يطرحها القادم الجديد، وأجوبتها من المقال",
    "Read passage %(number)s in the article": "اقرأ الفقرة %(number)s في المقال",
    "Read the article": "اقرأ المقال",
    "Region": "منطقة",
    "Regions": "المناطق",
    "Search": "بحث",
    "Search the article": "ابحث في المقال",
    "Search the article and every fact drawn from it.": "ابحث في المقال وفي كل معلومة مأخوذة منه.",
    "Search: %(query)s": "بحث: %(query)s",
    "Skip to content": "انتقل إلى المحتوى",
    "Source:": "المصدر:",
    "Source: passage %(number)s": "المصدر: الفقرة %(number)s",
    "Sources for this title": "مصادر هذا العنوان",
    "Start": "البداية",
    "The article": "المقال",
    "The article is in English, and it stays in English here: every quote on this site is its exact words. Each passage is numbered, and each fact links to the passage that states it.": "المقال بالإنجليزية، ويبقى هنا بالإنجليزية: كل اقتباس في هذا الموقع كلماته الحرفية. كل فقرة مرقّمة، وكل معلومة تحيل إلى الفقرة التي تذكرها.",
    "The article’s words behind this sentence": "كلمات المقال وراء هذه الجملة",
    "The article’s words, in <a class=\"source-link\" href=\"%(href)s\">passage %(number)s</a>": "كلمات المقال، في <a class=\"source-link\" href=\"%(href)s\">الفقرة %(number)s</a>",
    "The article’s words:": "كلمات المقال:",
    "The fact": "المعلومة",
    "The facts behind this answer": "المعلومات وراء هذا الجواب",
    "The full article, passage by passage": "المقال كاملًا، فقرةً فقرة (بالإنجليزية)",
    "The key numbers": "الأرقام الرئيسية",
    "The map in full": "الخريطة كاملة",
    "The overview": "النظرة العامة",
    "The plan": "الخطة",
    "The regions": "المناطق",
    "These results as JSON": "هذه النتائج بصيغة JSON",
    "This page as JSON": "هذه الصفحة بصيغة JSON",
    "Timeline": "الخط الزمني",
    "Timeline: every date in the article, in order": "الخط الزمني: كل تاريخ في المقال، بالترتيب",
    "Today": "اليوم",
    "Today, %(day)s": "اليوم، %(day)s",
    "What we don’t know": "ما لا نعرفه",
    "Where": "أين",
    "Who said it": "من قالها",
    "Who said what": "من قال ماذا",
    "Whose words this page cites": "من تستشهد هذه الصفحة بكلماته",
    "Why we date it so": "لماذا نؤرّخه هكذا",
    "Words to find in the article and its facts, or a question": "كلمات تبحث عنها في المقال ومعلوماته، أو سؤال",
    "according to": "بحسب",
    "answered in our words from the article": "الجواب بكلماتنا من المقال",
    "target, not an event": "هدف، لا حدث",
    "this fact": "هذه المعلومة",
    "this question": "هذا السؤال",
    "via %(via)s": "عبر %(via)s",
}


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\([a-z_]+\)s", text))


def main() -> int:
    with TEMPLATE.open("rb") as pot:
        catalog = read_po(pot, locale="ar")
    problems = []
    for message in catalog:
        if not message.id:
            continue
        arabic = ARABIC.get(message.id)
        if arabic is None:
            problems.append(f"untranslated: {message.id!r}")
        elif placeholders(arabic) != placeholders(message.id):
            problems.append(f"placeholders differ: {message.id!r}")
        else:
            message.string = arabic
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    CATALOG.parent.mkdir(parents=True, exist_ok=True)
    with CATALOG.open("wb") as po:
        write_po(po, catalog, omit_header=False, sort_output=True, width=100)
    return 0


if __name__ == "__main__":
    sys.exit(main())
