"""A request's database session, as a FastAPI dependency (FastAPI stays above app/data)."""

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session


async def get_session(request: Request) -> AsyncIterator[Session]:
    """One session per request. Async only so FastAPI does not hop to a worker thread just to
    open and close it: that does no I/O (the connection opens on first query, in the route's
    thread) and closing a read-only SQLite connection takes microseconds."""
    with Session(request.app.state.engine) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]
