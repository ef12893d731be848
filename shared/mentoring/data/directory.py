"""The directory's index: one small item per search term of each approved mentor, so a filter
or a typed word reads the mentors it finds, not the whole directory.

Access patterns (terms from mentoring.domain.search_terms):

| pattern                                    | where | key condition                               |
|--------------------------------------------|-------|---------------------------------------------|
| mentors with a field's value (any case)    | table | PK = TERM#<field>#<value>                   |
| mentors with a word starting with w        | table | PK = TERM#word#<w[:2]>, begins_with(SK, w)  |

An entry holds the mentor's id and the directory's sort key (name, id), nothing else: the
reader fetches the mentors it points at and checks each against the whole filter, so an entry
left behind (a mentor suspended, a word edited away) never shows anything false. Entries are
written with the change that makes them (approval, a profile edit, suspension, erasure).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mentoring.data.cursors import decode_cursor, encode_cursor
from mentoring.data.dynamo import Item
from mentoring.data.keys import directory_sort_key, mentor_key
from mentoring.data.table import Key, Operation, Query, Table
from mentoring.domain.paging import Page, PageRequest
from mentoring.domain.records import MentorRecord
from mentoring.domain.search_terms import MIN_INDEXED_WORD, Term, terms_of
from mentoring.errors import BadRequest

_POSITION = {"after": frozenset({"name_key"})}
_FETCH = 100  # BatchGetItem's most keys per call


def term_key(term: Term, user_id: str) -> Key:
    if term.field == "word":
        return f"TERM#word#{term.value[:MIN_INDEXED_WORD]}", f"{term.value}#{user_id}"
    return f"TERM#{term.field}#{term.value}", user_id


def term_items(mentor: MentorRecord) -> dict[Key, Item]:
    """The entries that find this mentor: none unless approved."""
    if not mentor.listed:
        return {}
    name_key = directory_sort_key(mentor.name, mentor.user_id)
    items = {}
    for term in terms_of(mentor):
        pk, sk = term_key(term, mentor.user_id)
        items[(pk, sk)] = {
            "PK": pk,
            "SK": sk,
            "entity": "directory_term",
            "user_id": mentor.user_id,
            "name_key": name_key,
        }
    return items


@dataclass(frozen=True)
class TermChanges:
    """What the index needs when a mentor goes from `before` to `after` (None: absent)."""

    puts: list[Item]
    deletes: list[Key]

    @classmethod
    def between(cls, before: MentorRecord | None, after: MentorRecord | None) -> TermChanges:
        old = term_items(before) if before else {}
        new = term_items(after) if after else {}
        return cls(
            puts=[item for key, item in new.items() if old.get(key) != item],
            deletes=[key for key in old if key not in new],
        )

    def __len__(self) -> int:
        return len(self.puts) + len(self.deletes)

    def operations(self, table: Table) -> dict[str, Operation]:
        return {f"term_put_{n}": table.replace_op(item) for n, item in enumerate(self.puts)} | {
            f"term_delete_{n}": table.delete_op(key) for n, key in enumerate(self.deletes)
        }


def term_query(term: Term) -> Query:
    pk, _ = term_key(term, "")
    if term.field == "word":
        return Query(pk, sort="begins_with(#SK, :word)", sort_values={":word": term.value})
    return Query(pk)


def find(
    table: Table,
    term: Term,
    matches: Callable[[MentorRecord], bool],
    page: PageRequest,
) -> Page[MentorRecord]:
    """Approved mentors the term finds and `matches` keeps, by name: the term's entries are
    read whole (they are the answer's size), then only the mentors a page needs."""
    scope = f"directory:{term.field}:{term.value}"
    after = ""
    if page.cursor:
        position = decode_cursor(page.cursor, scope, _POSITION, table.cursors)["after"]
        if not isinstance(position, dict):
            raise BadRequest("The cursor is not valid for this list.")
        after = position["name_key"]
    # One entry per mentor (a word prefix may match several of a mentor's words), by name.
    candidates = sorted(
        {str(e["name_key"]): str(e["user_id"]) for e in table.items(term_query(term))}.items()
    )
    candidates = [(name_key, user_id) for name_key, user_id in candidates if name_key > after]
    shown: list[tuple[str, MentorRecord]] = []
    checked = 0
    while checked < len(candidates) and len(shown) <= page.limit:
        # A page and one more first (most entries match); then as many as a call takes.
        chunk = candidates[checked : checked + (page.limit + 1 if not checked else _FETCH)]
        checked += len(chunk)
        found = table.get_many([mentor_key(user_id) for _, user_id in chunk])
        for name_key, user_id in chunk:
            item = found.get(mentor_key(user_id))
            if item is None:
                continue
            mentor = MentorRecord.model_validate(item)
            current = directory_sort_key(mentor.name, mentor.user_id) == name_key
            if current and mentor.listed and matches(mentor):
                shown.append((name_key, mentor))
    # The loop stops at a page and one more, or when every entry has been checked.
    more = len(shown) > page.limit
    shown = shown[: page.limit]
    cursor = None
    if more and shown:
        cursor = encode_cursor(scope, {"after": {"name_key": shown[-1][0]}}, table.cursors)
    return Page[MentorRecord](items=[mentor for _, mentor in shown], next_cursor=cursor)
