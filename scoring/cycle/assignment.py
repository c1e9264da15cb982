"""Automatic examiner teams for the year's submissions, and checks of hand-made teams.

Invariants of :func:`assign_teams`
----------------------------------
* Hard rules, never broken by anything this module adds: no examiner in the
  same organisation (förvaltning/bolag, compared by organisation id as
  scoring.conflicts does) as the unit; no declared jäv ``(username, unit_id)``; no examiner
  beyond ``capacity``, which counts the total load (``current_load`` plus the
  teams in the result); the members of one team are distinct. (Places in
  ``existing`` that already exceed a capacity are kept; nothing is added.)
* As many team places as the rules allow are filled (a maximum flow: greedy
  filling, then augmenting chains of moves). A submission that cannot get
  ``k`` members keeps its *partial* team in ``teams`` and gets a Swedish
  reason in ``unstaffed``; the kansli would rather see two examiners and why
  the third is missing than nothing. Every submission has a key in ``teams``.
* Load balance: afterwards no examiner can hand one of their places to an
  examiner with at least two fewer places and spare capacity, not even through
  a chain of moves. For these transport-like constraints that is the most even
  spread there is: the maximum load is as low and the minimum load (among
  examiners with spare capacity) as high as capacities and jäv allow, for
  the places that can be filled. With ample capacity and no jäv the spread
  is at most 1.
* Hardest submissions first: greedy filling takes submissions with the
  fewest eligible examiners first, and open places are then completed in
  that order, so when capacity runs out it is the flexible ones left short.
* Team quality is a tie-breaker after load, never traded against it: every
  team gets a member who can lead where possible, and then as many members
  with experience of the submission's class as possible. Both are reached by
  choosing among equally loaded examiners and by swaps that only exchange two
  load values, so the spread stays as even as above.
* ``existing`` teams are fixed: their members are never moved, only missing
  places are filled. Existing members that now break the jäv/organisation
  rule, or are no longer in the pool, are dropped and replaced.
* Deterministic: inputs are sorted (submissions by id, examiners by username)
  and remaining ties are broken by a stable hash of (submission id,
  username), so shuffling the input does not change the result. The hash,
  rather than alphabetical order, keeps equally loaded examiners from always
  landing in the same teams together.
* Leads: one per non-empty team (partial teams too), a member who
  ``can_lead`` when there is one. Lead duties are spread like loads: greedy
  choice, then chains of hand-overs until nobody could pass a duty to a
  candidate with two fewer. Existing leads are kept.
"""

from __future__ import annotations

import zlib
from collections import deque
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from scoring import conflicts as conflict_rules
from scoring.platform.access import ValidationError

__all__ = [
    "AssignmentResult",
    "ExaminerSlot",
    "SubmissionSlot",
    "assign_teams",
    "check_team",
    "reassign_after_conflict",
]

REASON_TOO_FEW_FREE = (
    "Endast {found} av {k} examinatorer utan jäv fanns (övriga tillhör samma "
    "förvaltning eller bolag som enheten eller har anmält jäv)."
)
REASON_TOO_FEW_WITH_CAPACITY = (
    "Endast {found} av {k} examinatorer utan jäv och med ledig kapacitet fanns."
)
TEAM_WRONG_SIZE = "Laget har {size} examinatorer; {k} krävs."
TEAM_DUPLICATE = "Examinatorn {username} står med mer än en gång i laget."
TEAM_UNKNOWN_EXAMINER = "Examinatorn {username} finns inte bland examinatorerna."
TEAM_SAME_ORGANISATION = conflict_rules.TEAM_SAME_ORGANISATION
TEAM_CONFLICT = conflict_rules.TEAM_DECLARED
TEAM_OVER_CAPACITY = (
    "Examinatorn {username} har redan {load} uppdrag och kapacitet för {capacity}."
)
ERROR_DUPLICATE_EXAMINER = "Examinatorn {username} förekommer flera gånger."
ERROR_DUPLICATE_SUBMISSION = "Tävlingsbidrag {submission_id} förekommer flera gånger."
ERROR_UNKNOWN_SUBMISSION = "Tävlingsbidrag {submission_id} finns inte."
ERROR_TEAM_SIZE = "Lagstorleken måste vara minst 1 (angiven: {k})."


@dataclass(frozen=True)
class SubmissionSlot:
    submission_id: int
    unit_id: str
    organisation: str  # the förvaltning or bolag the unit belongs to, as named in reasons
    class_code: str
    organisation_id: int | None = None  # what jäv compares (scoring.conflicts)


@dataclass(frozen=True)
class ExaminerSlot:
    username: str
    organisation: str
    capacity: int  # most submissions in total, current_load included
    classes: frozenset[str]  # classes the examiner has assessed before
    can_lead: bool = True
    current_load: int = 0  # places held outside this assignment
    organisation_id: int | None = None  # what jäv compares; None (no organisation) is never in conflict


@dataclass(frozen=True)
class AssignmentResult:
    teams: dict[int, tuple[str, ...]]  # every submission; sorted usernames
    leads: dict[int, str]  # every non-empty team
    unstaffed: dict[int, str]  # submissions with fewer than k members -> reason
    loads: dict[str, int]  # every examiner; current_load + places in teams


@dataclass
class _Pool:
    """Dense working state: row = submission (by id), column = examiner (by name)."""

    subs: list[SubmissionSlot]
    exs: list[ExaminerSlot]
    eligible: np.ndarray  # bool: neither same organisation nor declared jäv
    experienced: np.ndarray  # bool: examiner has assessed this class before
    member: np.ndarray  # bool: current teams
    fixed: np.ndarray  # bool: places from `existing`; never moved
    load: np.ndarray  # int: current_load + places in member
    cap: np.ndarray  # int
    can_lead: np.ndarray  # bool per examiner
    tiebreak: np.ndarray  # int64 per place; see _tiebreak_matrix

    def spare(self) -> np.ndarray:
        return self.load < self.cap


# ---------------------------------------------------------------- public API


def assign_teams(
    submissions: Iterable[SubmissionSlot],
    examiners: Iterable[ExaminerSlot],
    conflicts: Collection[tuple[str, str]],
    k: int = 3,
    existing: Mapping[int, Sequence[str]] | None = None,
    existing_leads: Mapping[int, str] | None = None,
) -> AssignmentResult:
    """Teams of ``k`` examiners for every submission; see the module invariants.

    Refuses (``ValidationError``) k < 1, duplicate submission ids or usernames,
    and ``existing`` teams for submissions not in ``submissions``.
    """
    if k < 1:
        raise ValidationError(ERROR_TEAM_SIZE.format(k=k))
    pool = _build_pool(submissions, examiners, conflicts)
    _place_existing(pool, existing or {})
    order = _hardest_first(pool)
    _fill_greedily(pool, k, order)
    _complete_by_chains(pool, k, order)
    _balance_loads(pool)
    _add_leaders(pool)
    _add_experience(pool)
    teams = {
        sub.submission_id: tuple(pool.exs[j].username for j in np.flatnonzero(row))
        for sub, row in zip(pool.subs, pool.member)
    }
    return AssignmentResult(
        teams=teams,
        leads=_choose_leads(pool, existing_leads or {}),
        unstaffed=_unstaffed_reasons(pool, k),
        loads={ex.username: int(n) for ex, n in zip(pool.exs, pool.load)},
    )


def reassign_after_conflict(
    previous: AssignmentResult | Mapping[int, Sequence[str]],
    submission_id: int,
    username: str,
    submissions: Iterable[SubmissionSlot],
    examiners: Iterable[ExaminerSlot],
    conflicts: Collection[tuple[str, str]],
    k: int = 3,
    leads: Mapping[int, str] | None = None,
) -> AssignmentResult:
    """Replace ``username`` in one team after a declared jäv; keep everything else.

    The jäv is added to ``conflicts`` here, so it does not matter whether the
    caller has stored it yet. If the replaced member was lead, a new lead is
    chosen among the team; all other teams and leads stay as they were.
    ``examiners[].current_load`` must mean the same as in the first call
    (load outside this assignment), since the kept teams are counted again.
    """
    submissions = list(submissions)
    unit_ids = {s.submission_id: s.unit_id for s in submissions}
    if submission_id not in unit_ids:
        raise ValidationError(ERROR_UNKNOWN_SUBMISSION.format(submission_id=submission_id))
    if isinstance(previous, AssignmentResult):
        teams, leads = previous.teams, previous.leads if leads is None else leads
    else:
        teams, leads = previous, leads or {}
    existing = {
        sid: tuple(u for u in team if (sid, u) != (submission_id, username))
        for sid, team in teams.items()
    }
    kept_leads = {sid: u for sid, u in leads.items() if (sid, u) != (submission_id, username)}
    return assign_teams(
        submissions,
        examiners,
        {*conflicts, (username, unit_ids[submission_id])},
        k,
        existing,
        kept_leads,
    )


def check_team(
    submission: SubmissionSlot,
    usernames: Sequence[str],
    examiners: Iterable[ExaminerSlot],
    conflicts: Collection[tuple[str, str]],
    k: int = 3,
) -> tuple[str, ...]:
    """Swedish reasons a hand-made team breaks the rules; empty when it is fine.

    ``current_load`` is read as the examiner's load *outside* this team, so
    the capacity check is ``current_load + 1 <= capacity``.
    """
    by_name = {ex.username: ex for ex in examiners}
    conflict_set = set(conflicts)
    reasons = []
    if len(set(usernames)) != k:
        reasons.append(TEAM_WRONG_SIZE.format(size=len(set(usernames)), k=k))
    seen: set[str] = set()
    for username in usernames:
        if username in seen:
            reasons.append(TEAM_DUPLICATE.format(username=username))
            continue
        seen.add(username)
        ex = by_name.get(username)
        if ex is None:
            reasons.append(TEAM_UNKNOWN_EXAMINER.format(username=username))
            continue
        reasons.extend(_member_reasons(submission, ex, conflict_set))
    return tuple(reasons)


def _member_reasons(
    submission: SubmissionSlot, ex: ExaminerSlot, conflicts: set[tuple[str, str]]
) -> list[str]:
    reasons = conflict_rules.team_reasons(ex.username, ex.organisation_id, submission.unit_id,
                                          submission.organisation_id, submission.organisation, conflicts)
    if ex.current_load + 1 > ex.capacity:
        reasons.append(
            TEAM_OVER_CAPACITY.format(
                username=ex.username, load=ex.current_load, capacity=ex.capacity
            )
        )
    return reasons


# ------------------------------------------------------------- building state


def _build_pool(
    submissions: Iterable[SubmissionSlot],
    examiners: Iterable[ExaminerSlot],
    conflicts: Collection[tuple[str, str]],
) -> _Pool:
    subs = sorted(submissions, key=lambda s: s.submission_id)
    exs = sorted(examiners, key=lambda e: e.username)
    _reject_duplicates(subs, exs)
    experienced = _experience_matrix(subs, exs)
    return _Pool(
        subs=subs,
        exs=exs,
        eligible=_eligibility_matrix(subs, exs, conflicts),
        experienced=experienced,
        member=np.zeros(experienced.shape, dtype=bool),
        fixed=np.zeros(experienced.shape, dtype=bool),
        load=np.array([e.current_load for e in exs], dtype=np.int64),
        cap=np.array([e.capacity for e in exs], dtype=np.int64),
        can_lead=np.array([e.can_lead for e in exs], dtype=bool),
        tiebreak=_tiebreak_matrix(subs, exs, experienced),
    )


def _reject_duplicates(subs: list[SubmissionSlot], exs: list[ExaminerSlot]) -> None:
    for a, b in zip(subs, subs[1:]):
        if a.submission_id == b.submission_id:
            raise ValidationError(ERROR_DUPLICATE_SUBMISSION.format(submission_id=a.submission_id))
    for a, b in zip(exs, exs[1:]):
        if a.username == b.username:
            raise ValidationError(ERROR_DUPLICATE_EXAMINER.format(username=a.username))


def _codes(values: list, vocabulary: dict) -> np.ndarray:
    return np.array([vocabulary.setdefault(v, len(vocabulary)) for v in values], dtype=np.int64)


def _eligibility_matrix(
    subs: list[SubmissionSlot],
    exs: list[ExaminerSlot],
    conflicts: Collection[tuple[str, str]],
) -> np.ndarray:
    # conflict_rules.same_organisation over every pair: equal ids, and an examiner with none is never barred.
    vocabulary: dict[object, int] = {}
    sub_org = _codes([s.organisation_id for s in subs], vocabulary)
    ex_org = _codes([("none",) if e.organisation_id is None else e.organisation_id for e in exs], vocabulary)
    eligible = sub_org[:, None] != ex_org[None, :]
    units: dict[str, int] = {}
    sub_unit = _codes([s.unit_id for s in subs], units)
    column = {e.username: j for j, e in enumerate(exs)}
    # Jäv is declared per unit; it bars every submission of that unit.
    pairs = [(units[u], column[name]) for name, u in conflicts if name in column and u in units]
    if pairs:
        barred = np.zeros((len(units), len(exs)), dtype=bool)
        barred[tuple(np.array(pairs).T)] = True
        eligible &= ~barred[sub_unit]
    return eligible


def _experience_matrix(subs: list[SubmissionSlot], exs: list[ExaminerSlot]) -> np.ndarray:
    vocabulary: dict[str, int] = {}
    sub_class = _codes([s.class_code for s in subs], vocabulary)
    known = np.zeros((len(exs), len(vocabulary)), dtype=bool)
    for j, ex in enumerate(exs):
        for code in ex.classes:
            if code in vocabulary:
                known[j, vocabulary[code]] = True
    return known.T[sub_class]


def _tiebreak_matrix(
    subs: list[SubmissionSlot], exs: list[ExaminerSlot], experienced: np.ndarray
) -> np.ndarray:
    """Per place: bit 33 set when the examiner lacks the class, a 32-bit hash below.

    ``(load << 34) + tiebreak`` orders candidates by load, then experience,
    then a hash of (submission id, username); bit 32 is left for callers that
    also weigh lead capability. The hash is a pure function of the ids (crc32
    + splitmix64 mixing), so it is the same on every run.
    """
    names = np.array([zlib.crc32(e.username.encode()) for e in exs], dtype=np.uint64)
    ids = np.array([s.submission_id for s in subs], dtype=np.int64).astype(np.uint64)
    with np.errstate(over="ignore"):
        mixed = (ids[:, None] * np.uint64(0x9E3779B97F4A7C15)) ^ names[None, :]
        mixed = (mixed ^ (mixed >> np.uint64(31))) * np.uint64(0xBF58476D1CE4E5B9)
    hashed = (mixed >> np.uint64(32)).astype(np.int64)
    return (~experienced).astype(np.int64) << 33 | hashed


def _place_existing(pool: _Pool, existing: Mapping[int, Sequence[str]]) -> None:
    """Fix the kept teams; members now under jäv or gone from the pool are dropped."""
    row = {s.submission_id: i for i, s in enumerate(pool.subs)}
    column = {e.username: j for j, e in enumerate(pool.exs)}
    for submission_id, usernames in existing.items():
        if submission_id not in row:
            raise ValidationError(ERROR_UNKNOWN_SUBMISSION.format(submission_id=submission_id))
        i = row[submission_id]
        for username in usernames:
            j = column.get(username)
            if j is not None and pool.eligible[i, j] and not pool.member[i, j]:
                pool.member[i, j] = pool.fixed[i, j] = True
                pool.load[j] += 1


# ------------------------------------------------------------------ staffing


def _hardest_first(pool: _Pool) -> list[int]:
    """Rows ordered by how few examiners may take them (then by submission id)."""
    free = (pool.eligible & pool.spare()[None, :]).sum(axis=1)
    return sorted(range(len(pool.subs)), key=lambda i: (int(free[i]), i))


def _keys(pool: _Pool, i: int, candidates: np.ndarray) -> np.ndarray:
    """Lower is better: least load, then experience of row i's class, then hash."""
    return (pool.load[candidates] << 34) + pool.tiebreak[i, candidates]


def _ranked(pool: _Pool, i: int, candidates: np.ndarray) -> np.ndarray:
    return candidates[np.argsort(_keys(pool, i, candidates), kind="stable")]


def _fill_greedily(pool: _Pool, k: int, order: list[int]) -> None:
    spare = pool.spare()
    for i in order:
        need = k - int(pool.member[i].sum())
        candidates = np.flatnonzero(pool.eligible[i] & ~pool.member[i] & spare)
        if need <= 0 or candidates.size == 0:
            continue
        chosen = _pick(pool, i, candidates, need)
        pool.member[i, chosen] = True
        pool.load[chosen] += 1
        spare[chosen] = pool.load[chosen] < pool.cap[chosen]


def _pick(pool: _Pool, i: int, candidates: np.ndarray, need: int) -> np.ndarray:
    """The ``need`` best candidates for row i, with a lead-capable one if it costs no load."""
    if candidates.size <= need:
        return candidates
    # At equal load and experience, keep lead-capable examiners for teams without one.
    keys = _keys(pool, i, candidates) + (pool.can_lead[candidates].astype(np.int64) << 32)
    order = np.argpartition(keys, need - 1)
    chosen, rest = candidates[order[:need]], candidates[order[need:]]
    if (pool.member[i] & pool.can_lead).any() or pool.can_lead[chosen].any():
        return chosen
    worst = chosen[np.argmax(keys[order[:need]])]
    leaders = rest[pool.can_lead[rest] & (pool.load[rest] == pool.load[worst])]
    if leaders.size == 0:
        return chosen
    return np.append(chosen[chosen != worst], _ranked(pool, i, leaders)[0])


def _complete_by_chains(pool: _Pool, k: int, order: list[int]) -> None:
    """Fill the places greedy filling left open, moving others along a chain."""
    # Examiners from which no spare capacity is reachable; valid until a
    # chain is applied, since only that changes the graph.
    dead = np.zeros(len(pool.exs), dtype=bool)
    for i in order:
        while pool.member[i].sum() < k:
            sources = np.flatnonzero(pool.eligible[i] & ~pool.member[i] & ~dead)
            if sources.size == 0:
                break
            found = _find_chain(pool, _ranked(pool, i, sources), pool.spare(), dead)
            if isinstance(found, np.ndarray):
                dead |= found
                break
            root, chain = found
            _apply_chain(pool, chain)
            pool.member[i, root] = True
            pool.load[root] += 1
            dead[:] = False


# ------------------------------------------------------------ chain search


Chain = list[tuple[int, int, int]]  # (row, examiner leaving, examiner joining)


def _find_chain(
    pool: _Pool, sources: np.ndarray, targets: np.ndarray, blocked: np.ndarray | None = None
) -> tuple[int, Chain] | np.ndarray:
    """Breadth-first search for a chain of moves from a source to a target examiner.

    Edge e -> f via row t: e holds a movable place in t, and f may take it
    (eligible for t, not already in t). Applying a chain moves one unit of load
    from its first examiner to its last; the ones in between keep their load.
    Sources are tried in the given order. Returns (source, chain), or the
    visited mask when no target is reachable.
    """
    hits = sources[targets[sources]]
    if hits.size:
        return int(hits[0]), []
    visited = np.zeros(len(pool.exs), dtype=bool) if blocked is None else blocked.copy()
    visited[sources] = True
    parent = np.full(len(pool.exs), -1, dtype=np.int64)
    via = np.full(len(pool.exs), -1, dtype=np.int64)
    queue = deque(sources.tolist())
    while queue:
        e = queue.popleft()
        reached, rows = _expand(pool, e, visited)
        if reached.size == 0:
            continue
        parent[reached], via[reached] = e, rows
        visited[reached] = True
        hits = reached[targets[reached]]
        if hits.size:
            return _trace(parent, via, int(hits[np.argmin(pool.load[hits])]))
        queue.extend(reached.tolist())
    return visited


def _expand(pool: _Pool, e: int, visited: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unvisited examiners that can take one of e's movable places, and that place's row."""
    rows = np.flatnonzero(pool.member[:, e] & ~pool.fixed[:, e])
    if rows.size == 0:
        return rows, rows
    takers = pool.eligible[rows] & ~pool.member[rows] & ~visited[None, :]
    reached = np.flatnonzero(takers.any(axis=0))
    return reached, rows[takers[:, reached].argmax(axis=0)]


def _trace(parent: np.ndarray, via: np.ndarray, end: int) -> tuple[int, Chain]:
    chain: Chain = []
    node = end
    while parent[node] >= 0:
        chain.append((int(via[node]), int(parent[node]), node))
        node = int(parent[node])
    chain.reverse()
    return node, chain


def _apply_chain(pool: _Pool, chain: Chain) -> None:
    # The examiners on a chain are distinct, so each move's preconditions
    # (leaver in the row, joiner not in it) still hold when it is applied.
    for row, leaving, joining in chain:
        pool.member[row, leaving] = False
        pool.member[row, joining] = True
        pool.load[leaving] -= 1
        pool.load[joining] += 1


# ---------------------------------------------------------------- balancing


def _balance_loads(pool: _Pool) -> None:
    """Move load along chains until no examiner can give to one at least 2 below.

    Each move lowers the sum of squared loads, so the loop ends. When it ends
    the loads are the most even ones reachable (see module docstring).
    """
    moved = True
    while moved and pool.spare().any():
        moved = False
        level = int(pool.load.max())
        while level - 2 >= int(pool.load[pool.spare()].min(initial=level)):
            found = _find_chain(
                pool,
                np.flatnonzero(pool.load >= level),
                pool.spare() & (pool.load <= level - 2),
            )
            if isinstance(found, np.ndarray):
                level -= 1
                continue
            _apply_chain(pool, found[1])
            moved = True


# ------------------------------------------------------------- team quality


def _add_leaders(pool: _Pool) -> None:
    """Give teams where nobody can lead a member who can, keeping loads as even."""
    leaders = (pool.member & pool.can_lead[None, :]).sum(axis=1)
    for i in np.flatnonzero(pool.member.any(axis=1) & (leaders == 0)).tolist():
        # Without a spare lead-capable examiner or a team with two, nothing can move.
        if not ((leaders >= 2).any() or (pool.can_lead & pool.spare()).any()):
            return
        _swap_in_leader(pool, i, leaders)


def _swap_in_leader(pool: _Pool, i: int, leaders: np.ndarray) -> None:
    """Replace a member of row i by a lead-capable b; ``leaders`` counts them per row.

    Either b has spare capacity and less load than the member (the swap
    exchanges two load values), or b leaves a team that keeps another
    lead-capable member and the replaced member takes b's place there (loads
    unchanged). Only these direct exchanges are tried, which keeps the pass
    cheap; longer chains are not searched.
    """
    open_leaders = pool.can_lead & pool.eligible[i] & ~pool.member[i]
    if not open_leaders.any():
        return
    surplus = np.flatnonzero(leaders >= 2)
    givers = surplus[(pool.member[surplus] & ~pool.fixed[surplus] & open_leaders).any(axis=1)]
    spare_leaders = np.flatnonzero(open_leaders & pool.spare())
    movable = np.flatnonzero(pool.member[i] & ~pool.fixed[i])
    # Replace the least suitable member first: highest load, no experience.
    for a in _ranked(pool, i, movable)[::-1].tolist():
        direct = spare_leaders[pool.load[spare_leaders] < pool.load[a]]
        if direct.size:
            _apply_chain(pool, [(i, a, int(_ranked(pool, i, direct)[0]))])
            leaders[i] += 1
            return
        rows = givers[pool.eligible[givers, a] & ~pool.member[givers, a]]
        if rows.size:
            t = int(rows[0])
            offered = np.flatnonzero(pool.member[t] & ~pool.fixed[t] & open_leaders)
            b = int(_ranked(pool, i, offered)[0])
            _apply_chain(pool, [(i, a, b), (t, b, a)])
            leaders[i] += 1
            leaders[t] -= 1
            return


def _add_experience(pool: _Pool) -> None:
    """Swap members without the class for ones with it and one less load.

    Each swap adds an experienced place and exchanges two load values, so the
    spread is unchanged and the loop ends.
    """
    unreachable = np.iinfo(np.int64).max
    improved = True
    while improved:
        improved = False
        open_ = pool.eligible & ~pool.member & pool.experienced & pool.spare()[None, :]
        lowest = np.where(open_, pool.load[None, :], unreachable).min(axis=1, initial=unreachable)
        rows, cols = np.nonzero(pool.member & ~pool.fixed & ~pool.experienced)
        worth = lowest[rows] < pool.load[cols]
        for i, a in zip(rows[worth].tolist(), cols[worth].tolist()):
            improved |= _swap_for_experience(pool, i, a)


def _swap_for_experience(pool: _Pool, i: int, a: int) -> bool:
    takers = np.flatnonzero(
        pool.eligible[i] & ~pool.member[i] & pool.experienced[i]
        & pool.spare() & (pool.load < pool.load[a])
    )
    # Never take away the team's only member who can lead.
    if pool.can_lead[a] and (pool.member[i] & pool.can_lead).sum() == 1:
        takers = takers[pool.can_lead[takers]]
    if takers.size == 0:
        return False
    _apply_chain(pool, [(i, a, int(_ranked(pool, i, takers)[0]))])
    return True


# -------------------------------------------------------------------- leads


def _choose_leads(pool: _Pool, existing_leads: Mapping[int, str]) -> dict[int, str]:
    """One lead per non-empty team; kept leads stay, the others are spread evenly."""
    chosen = _kept_leads(pool, existing_leads)
    duties = np.bincount(
        np.array(list(chosen.values()), dtype=np.int64), minlength=len(pool.exs)
    )
    candidates = _lead_candidates(pool, set(chosen))
    # Teams with the fewest possible leads choose first, so they are not left
    # with an overloaded lead; then the least-burdened, experienced member.
    for i in sorted(candidates, key=lambda i: (len(candidates[i]), i)):
        c = np.array(candidates[i], dtype=np.int64)
        j = int(c[np.argmin((duties[c] << 34) + pool.tiebreak[i, c])])
        chosen[i] = j
        duties[j] += 1
    handed_over = {i: chosen[i] for i in candidates}  # kept leads never move
    _balance_leads(handed_over, candidates, duties)
    chosen.update(handed_over)
    return {pool.subs[i].submission_id: pool.exs[j].username for i, j in sorted(chosen.items())}


def _kept_leads(pool: _Pool, existing_leads: Mapping[int, str]) -> dict[int, int]:
    column = {e.username: j for j, e in enumerate(pool.exs)}
    kept = {}
    for i, sub in enumerate(pool.subs):
        j = column.get(existing_leads.get(sub.submission_id, ""), -1)
        if j >= 0 and pool.member[i, j]:
            kept[i] = j
    return kept


def _lead_candidates(pool: _Pool, settled: set[int]) -> dict[int, list[int]]:
    """Members who can lead, or every member when none can (a lead is still needed)."""
    candidates = {}
    for i in np.flatnonzero(pool.member.any(axis=1)).tolist():
        if i not in settled:
            leaders = np.flatnonzero(pool.member[i] & pool.can_lead)
            members = leaders if leaders.size else np.flatnonzero(pool.member[i])
            candidates[i] = members.tolist()
    return candidates


def _balance_leads(
    chosen: dict[int, int], candidates: dict[int, list[int]], duties: np.ndarray
) -> None:
    """Pass lead duties along chains until nobody can give one to someone 2 below.

    ``chosen`` holds only the movable leads; kept leads count in ``duties``.
    Each hand-over lowers the sum of squared duties, so the loop ends.
    """
    # Only teams with a choice of lead can hand the duty over.
    rows_led: dict[int, set[int]] = {}
    for i, a in chosen.items():
        if len(candidates[i]) > 1:
            rows_led.setdefault(a, set()).add(i)
    receivers = np.zeros(duties.size, dtype=bool)
    receivers[[j for rows in rows_led.values() for i in rows for j in candidates[i]]] = True
    level = _top_duty(rows_led, duties)
    while level - 2 >= int(duties[receivers].min(initial=level)):
        chain = _lead_chain(rows_led, candidates, duties, level)
        if chain is None:
            level -= 1
            continue
        for row, leaving, joining in chain:
            chosen[row] = joining
            rows_led[leaving].discard(row)
            rows_led.setdefault(joining, set()).add(row)
            duties[leaving] -= 1
            duties[joining] += 1
        level = _top_duty(rows_led, duties)


def _top_duty(rows_led: dict[int, set[int]], duties: np.ndarray) -> int:
    return max((int(duties[a]) for a, rows in rows_led.items() if rows), default=0)


def _lead_chain(
    rows_led: dict[int, set[int]], candidates: dict[int, list[int]], duties: np.ndarray, level: int
) -> Chain | None:
    """Edge a -> b via row i: a leads i and b is another lead candidate of i."""
    sources = sorted(a for a, rows in rows_led.items() if rows and duties[a] >= level)
    parent: dict[int, tuple[int, int] | None] = dict.fromkeys(sources)
    queue = deque(sources)
    while queue:
        a = queue.popleft()
        for i in sorted(rows_led.get(a, ())):
            for b in candidates[i]:
                if b in parent:
                    continue
                parent[b] = (a, i)
                if duties[b] <= level - 2:
                    return _trace_leads(parent, b)
                queue.append(b)
    return None


def _trace_leads(parent: dict[int, tuple[int, int] | None], end: int) -> Chain:
    chain: Chain = []
    node = end
    while (step := parent[node]) is not None:
        chain.append((step[1], step[0], node))
        node = step[0]
    return chain[::-1]


# ------------------------------------------------------------------ reasons


def _unstaffed_reasons(pool: _Pool, k: int) -> dict[int, str]:
    """Why a team is short: too few free of jäv at all, or too little capacity."""
    reasons = {}
    sizes = pool.member.sum(axis=1)
    free = pool.eligible.sum(axis=1)
    for i, sub in enumerate(pool.subs):
        size, available = int(sizes[i]), int(free[i])
        if size >= k:
            continue
        if size >= available:
            reasons[sub.submission_id] = REASON_TOO_FEW_FREE.format(found=available, k=k)
        else:
            reasons[sub.submission_id] = REASON_TOO_FEW_WITH_CAPACITY.format(found=size, k=k)
    return reasons
