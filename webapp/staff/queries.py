"""Queries for staff accounts: the list, one account, and how many admins are active."""

from sqlmodel import Session, func, select

from webapp.staff.models import StaffUser


def list_staff_users(session: Session) -> list[StaffUser]:
    """Return every staff account, ordered by e-mail address."""
    return list(session.exec(select(StaffUser).order_by(StaffUser.email)))


def get_staff_user(session: Session, *, user_id: int) -> StaffUser | None:
    """Return one staff account, or None."""
    return session.get(StaffUser, user_id)


def count_active_admins(session: Session, *, excluding_id: int | None = None) -> int:
    """Count active admin accounts, leaving out one account if asked."""
    statement = select(func.count(StaffUser.id)).where(
        StaffUser.role == "admin", StaffUser.is_active.is_(True)
    )
    if excluding_id is not None:
        statement = statement.where(StaffUser.id != excluding_id)
    return session.exec(statement).one()
