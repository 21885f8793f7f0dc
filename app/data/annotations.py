"""Facts as W3C Web Annotations, and the fact page's shape: a fact in its passage."""

from sqlmodel import Session

from app.data import queries, urls
from app.data.fragments import quote_selector
from app.data.schemas import (
    AnnotationBody,
    AnnotationOut,
    AnnotationTarget,
    FactOut,
    FactPageOut,
    TextPositionSelector,
    TextQuoteSelector,
)


def annotation(fact: FactOut, text: str, site_url: str) -> AnnotationOut:
    """Describe a fact as a Web Annotation that tools such as Hypothesis can anchor."""
    return AnnotationOut(
        id=f"{site_url}{urls.annotation(fact.id)}",
        creator={
            "type": "Software",
            "name": "Iraq Transition Explainer",
            "homepage": f"{site_url}/",
        },
        body=AnnotationBody(value=fact.statement),
        target=AnnotationTarget(
            source=f"{site_url}{urls.ARTICLE_TEXT}",
            scope=f"{site_url}{fact.source_url}",
            selector=[
                TextQuoteSelector(**quote_selector(text, fact.start, fact.end)),
                TextPositionSelector(start=fact.start, end=fact.end),
            ],
        ),
        canonical=f"{site_url}{fact.url}",
    )


def annotations(*, session: Session, site_url: str) -> list[AnnotationOut]:
    """Every fact as a Web Annotation, in the order the article states them."""
    text = queries.article_text(session=session)
    return [annotation(fact, text, site_url) for fact in queries.list_facts(session=session)]


def fact_page(*, session: Session, fact_id: str, site_url: str) -> FactPageOut | None:
    """One fact with the passage around its quote and its annotation: all its page shows."""
    fact = queries.get_fact(session=session, fact_id=fact_id)
    if fact is None:
        return None
    passage = queries.get_passage(session=session, passage_id=fact.passage_id)
    note = annotation(fact, queries.article_text(session=session), site_url)
    return FactPageOut.model_validate(
        fact.model_dump(), update={"passage": passage, "annotation": note}
    )
