"""Facts as W3C Web Annotations, and the fact page's shape: a fact in its passage."""

from sqlmodel import Session

from app.data import queries, urls
from app.data.fragments import quote_selector
from app.data.schemas import (
    AnnotatedText,
    AnnotationBody,
    AnnotationCollectionOut,
    AnnotationItem,
    AnnotationOut,
    AnnotationPageOut,
    AnnotationTarget,
    FactOut,
    FactPageOut,
    LinkedBody,
    TextPositionSelector,
    TextQuoteSelector,
)

COLLECTION_LABEL = "Facts from the article, each anchored to its quote"


def web_annotation(fact: FactOut, text: str, site_url: str) -> AnnotationOut:
    """Describe a fact as a Web Annotation that tools such as Hypothesis can anchor.

    Offsets count code points of the article text (as Python's str does), which is what the
    Web Annotation model asks of a TextPositionSelector.
    """
    own = f"{site_url}{urls.annotation(fact.id)}"
    return AnnotationOut(
        id=own,
        creator={
            "type": "Software",
            "name": "Iraq Transition Explainer",
            "homepage": f"{site_url}/",
        },
        # The statement and the fact's page are in the edition's language; the article (the
        # target) is English in both.
        body=[
            AnnotationBody(value=fact.statement, language=urls.lang()),
            LinkedBody(id=f"{site_url}{fact.url}", language=urls.lang()),
        ],
        target=AnnotationTarget(
            source=AnnotatedText(id=f"{site_url}{urls.ARTICLE_TEXT}"),
            scope=f"{site_url}{fact.source_url}",
            selector=[
                TextQuoteSelector(**quote_selector(text, fact.start, fact.end)),
                TextPositionSelector(start=fact.start, end=fact.end),
            ],
        ),
        canonical=own,
    )


def annotation_collection(*, session: Session, site_url: str) -> AnnotationCollectionOut:
    """Every fact as a Web Annotation, in the order the article states them, as one collection.

    The facts are few, so the whole collection fits its first (and only) page, embedded.
    """
    text = queries.article_text(session=session)
    items = [
        AnnotationItem.model_validate(web_annotation(fact, text, site_url).model_dump())
        for fact in queries.list_facts(session=session)
    ]
    collection = f"{site_url}{urls.ANNOTATIONS}"
    return AnnotationCollectionOut(
        id=collection,
        label=COLLECTION_LABEL,
        total=len(items),
        first=AnnotationPageOut(id=f"{collection}#page-1", part_of=collection, items=items),
    )


def fact_page(*, session: Session, fact_id: str, site_url: str) -> FactPageOut | None:
    """One fact with the passage around its quote and its annotation: all its page shows."""
    fact = queries.get_fact(session=session, fact_id=fact_id)
    if fact is None:
        return None
    passage = queries.get_passage(session=session, passage_id=fact.passage_id)
    note = web_annotation(fact, queries.article_text(session=session), site_url)
    return FactPageOut.model_validate(
        fact.model_dump(), update={"passage": passage, "annotation": note}
    )
