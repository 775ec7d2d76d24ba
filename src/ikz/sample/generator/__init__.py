"""Synthetic data at scale: ``ikz generate --scale N [--seed S]``.

Scale N is N cooperations, each shaped like the Partheland over five years. With the
real shape (``state.SHAPE``) ``run.generate()`` creates per cooperation, in this order,
one module per step, each taking the cooperation's ``state.CooperationState``:

``base``
    one Cooperation, its name, slug, colours and website a function of its number;
    7 Municipalities with AGS ``99ccc0m0`` (Land code 99, which no real municipality
    has, so generated keys never meet real ones; ``ccc`` the cooperation's number),
    population with its reference date, each a member from the first day; 5 Bodies
    (Lenkungsgruppe, Projektleitungsgruppe, two Arbeitsgruppen, Bürgerwerkstatt), 4
    Partners and about 40 People with German names, roles and an e-mail address under
    ``.example`` (a reserved domain: nothing generated can reach a real mailbox), each
    of one municipality or partner, members of the bodies;
``portfolio``
    7 Fields of action and 50 Measures, some with sub-measures, each with its status
    path planned over the meetings to come;
``meetings``
    about 300 Meetings over five years, numbered per body, placed in the member
    municipalities: held before the present month (a few cancelled), planned or
    invited from it on, public and internal mixed; about 10 AgendaItems per meeting
    that is not cancelled; the attendance of the held ones;
``outcomes``
    about 11 Outcomes per held meeting (all four kinds, some without topic), linked to
    measures; the outcomes that change a measure's status (about 6 changes per
    measure, forward only) are recorded through ``record_outcome``, the only way from
    a result to a StatusChange; the Leitbild adopted by one of them (MissionStatement);
``tasks``
    1,000 Tasks, most arising from outcomes, owned by people, municipalities or
    bodies, due by day, month, quarter or meeting, open, in progress, done (with the
    day) or cancelled;
``agreements``, ``funding``
    3 Agreements with their steps, checklist and cost model (items, case numbers,
    status-quo costs), 4 FundingPrograms (shared by all cooperations) and 4
    FundingApplications;
``reports``
    25 StatusReports on whole months that do not overlap, the last 6 of them (a
    year's) issued through ``issue_report`` with their snapshot and five files, the
    older ones drafts. Issuing renders every format, about 1.7 s per report on two
    cores (the PDF most of it): all 25 would make scale 1 take about 50 s and scale 30
    over 20 minutes; 6 keep scale 30 at about 5 minutes.

The texts all of it is made of are in ``words``.

The large tables (meetings, agenda items, outcomes, their measure links, tasks) are
bulk-inserted with their history rows (``state.bulk``: every domain model keeps its
history, generated or not), built so that ``full_clean()`` passes; everything else
goes through the domain functions or ``full_clean()`` and ``save()``.

Deterministic: each cooperation draws from its own generator, seeded with (seed,
cooperation number), and every installation-wide unique value (name, slug, AGS) is a
function of the number, so cooperation 1 is the same at every scale. The present is
the first day of the month of ``today``: data generated in the same month is the same.
The steps draw from that one generator in turn, so their order, and the order of the
draws within each, is part of what a seed gives.
"""
