"""Questions a newcomer asks, answered in our own prose that cites facts sentence by sentence."""

from sqlmodel import Session, col, select

from app.data import urls
from app.data.models import Question
from app.data.prose import ProseMap, cited_facts, prose_map
from app.data.prose_keys import QuestionKey
from app.data.schemas import QuestionOut, QuestionsOut


def _question_out(session: Session, question: Question, prose: ProseMap) -> QuestionOut:
    short = prose[QuestionKey(question.slug, 0)]
    answer = [prose[QuestionKey(question.slug, n)] for n in range(1, question.sentences + 1)]
    return QuestionOut(
        slug=question.slug,
        section=question.section,
        question=question.question,
        short=short,
        on_overview=question.on_overview,
        answer=answer,
        facts=cited_facts(session, [short, *answer]),
        url=urls.question(question.slug),
        api_url=urls.question_api(question.slug),
    )


def list_questions(*, session: Session) -> QuestionsOut:
    """Every question, the story's first, each section in the order the facts file gives."""
    prose = prose_map(session=session)
    rows = session.exec(select(Question).order_by(col(Question.position)))
    questions = [_question_out(session, row, prose) for row in rows]
    story = [q for q in questions if q.section == "story"]
    background = [q for q in questions if q.section == "background"]
    answers = [sentence for q in story + background for sentence in [q.short, *q.answer]]
    return QuestionsOut(story=story, background=background, footnotes=cited_facts(session, answers))


def get_question(*, session: Session, slug: str) -> QuestionOut | None:
    row = session.get(Question, slug)
    return _question_out(session, row, prose_map(session=session)) if row else None


def question_slugs(*, session: Session) -> list[str]:
    return list(session.exec(select(Question.slug).order_by(col(Question.position))))
