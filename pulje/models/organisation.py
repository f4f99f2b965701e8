"""Organisations, their departments (afdelinger) and their pools per year."""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, CheckConstraint, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from workflows.fields import DEPARTMENT, ORGANISATION


class Organisation(SQLModel, table=True):
    """A housing organisation (boligorganisation) that runs a pool."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=ORGANISATION["name"])
    legal_name: str = Field(max_length=ORGANISATION["legal_name"])
    cvr: str = Field(max_length=ORGANISATION["cvr"], index=True)
    address: str = Field(default="", max_length=ORGANISATION["address"])
    email: str = Field(default="", max_length=ORGANISATION["email"])
    # Where residents and suppliers reach the organisation, and where invoices go (letters).
    phone: str = Field(default="", max_length=ORGANISATION["phone"],
                       sa_column_kwargs={"server_default": ""})
    invoice_address: str = Field(default="", max_length=ORGANISATION["invoice_address"],
                                 sa_column_kwargs={"server_default": ""})
    invoice_email: str = Field(default="", max_length=ORGANISATION["invoice_email"],
                               sa_column_kwargs={"server_default": ""})
    ean: str = Field(default="", max_length=ORGANISATION["ean"],
                     sa_column_kwargs={"server_default": ""})


class Department(SQLModel, table=True):
    """A housing department (afdeling, estate) of an organisation."""

    __table_args__ = (UniqueConstraint("organisation_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", index=True)
    number: str = Field(max_length=DEPARTMENT["number"])
    name: str = Field(max_length=DEPARTMENT["name"])
    # Number of homes (boliger), so the board can see reach per 100 homes; None when not known.
    homes: int | None = Field(default=None)
    address: str = Field(default="", max_length=DEPARTMENT["address"],
                         sa_column_kwargs={"server_default": ""})
    # A retired department keeps its cases but takes no new applications.
    retired: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


class Pool(SQLModel, table=True):
    """One pool year of an organisation, with the figures and rule version it runs under."""

    __table_args__ = (
        UniqueConstraint("organisation_id", "year"),
        CheckConstraint("total >= 0", name="pool_total_nonnegative"),
        CheckConstraint("cap > 0", name="pool_cap_positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    organisation_id: int = Field(foreign_key="organisation.id", ondelete="CASCADE", index=True)
    year: int
    total: int = Field(sa_column=Column(BigInteger, nullable=False))
    cap: int = Field(sa_column=Column(BigInteger, nullable=False))
    rule_version: str = Field(max_length=200)
    rule_approved_on: date
    opens_on: date
    closes_on: date
    invoice_deadline_days: int = Field(default=90)
    next_number: int = Field(default=1)
    retention_years: int = Field(default=5, sa_column_kwargs={"server_default": "5"})
    # Days an application must come before its activity begins, so a decision can be made.
    min_notice_days: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
