"""Structured data for search engines and link previews: the article and the quotes in it."""

from typing import Any

from app.data import urls
from app.data.schemas import ArticleOut, FactOut, QuestionOut

ANONYMOUS_KINDS = {"official"}


def article_node(article: ArticleOut, site_url: str) -> dict[str, Any]:
    """The article as schema.org NewsArticle, with only what the article itself states.

    No datePublished and no headline: the text we hold carries neither, and our own title
    for the story must not pass for the outlet's.
    """
    return {
        "@type": "NewsArticle",
        "@id": f"{site_url}{urls.PASSAGES}#article",
        "url": f"{site_url}{urls.PASSAGES}",
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": article.outlet},
        "dateline": article.dateline,
        "isAccessibleForFree": True,
    }


def quotation_node(fact: FactOut, site_url: str) -> dict[str, Any]:
    return {
        "@type": "Quotation",
        "@id": f"{site_url}{fact.url}#quotation",
        "text": fact.quote,
        "creator": {
            "@type": "Person",
            "name": fact.speaker.name,
            "url": f"{site_url}{fact.speaker.url}",
        },
        "isPartOf": {"@id": f"{site_url}{urls.PASSAGES}#article"},
        "url": f"{site_url}{fact.url}",
    }


def modified(day: str | None) -> dict[str, str]:
    """`dateModified` for a page whose data has a date (its latest correction), else nothing."""
    return {"dateModified": day} if day else {}


def graph(
    article: ArticleOut,
    site_url: str,
    page_url: str | None,
    title: str,
    facts: list[FactOut],
    day: str | None = None,
) -> dict[str, Any]:
    """The page's JSON-LD: the article, this page, and each direct quote it shows."""
    nodes: list[dict[str, Any]] = [article_node(article, site_url)]
    if page_url:
        nodes.append(
            {
                "@type": "WebPage",
                "@id": page_url,
                "url": page_url,
                "name": title,
                "isBasedOn": {"@id": f"{site_url}{urls.PASSAGES}#article"},
                **modified(day),
            }
        )
    seen: set[str] = set()
    for fact in facts:
        if fact.wording in ("quote", "partial_quote") and fact.id not in seen:
            seen.add(fact.id)
            nodes.append(quotation_node(fact, site_url))
    return {"@context": "https://schema.org", "@graph": nodes}


def question_node(question: QuestionOut, site_url: str) -> dict[str, Any]:
    """A question and our answer, citing the fact pages each sentence rests on."""
    return {
        "@type": "Question",
        "@id": f"{site_url}{question.url}#question",
        "name": question.question,
        "url": f"{site_url}{question.url}",
        "answerCount": 1,
        "acceptedAnswer": {
            "@type": "Answer",
            "text": " ".join(sentence.text for sentence in question.answer),
            "url": f"{site_url}{question.url}",
            "citation": [
                {
                    "@type": "CreativeWork",
                    "name": fact.statement,
                    "url": f"{site_url}{fact.url}",
                    "isBasedOn": {"@id": f"{site_url}{urls.PASSAGES}#article"},
                }
                for fact in question.facts
            ],
        },
    }


def questions_graph(
    article: ArticleOut,
    site_url: str,
    page_url: str | None,
    questions: list[QuestionOut],
    kind: str,
    day: str | None = None,
) -> dict[str, Any]:
    """The list of questions is an FAQPage; a question's page an Article whose main entity is
    the question. Both are written by us, not asked and answered by users, which is what
    search engines reserve QAPage for. Both rest on the article."""
    nodes: list[dict[str, Any]] = [article_node(article, site_url)]
    entities = [question_node(question, site_url) for question in questions]
    faq = kind == "FAQPage"
    nodes.append(
        {
            "@type": kind,
            "@id": page_url,
            "url": page_url,
            **({} if faq else {"headline": questions[0].question}),
            "isBasedOn": {"@id": f"{site_url}{urls.PASSAGES}#article"},
            "mainEntity": entities if faq else entities[0],
            **modified(day),
        }
    )
    return {"@context": "https://schema.org", "@graph": nodes}
