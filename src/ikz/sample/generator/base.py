"""The base data: the cooperation, its member municipalities, bodies, partners
and people with their memberships; and the installation-wide unique values (name,
slug, AGS), each a function of the cooperation's number."""

import datetime
from collections import defaultdict
from decimal import Decimal

from django.utils.text import slugify

from ikz.core.domain import (
    add_body,
    add_member,
    add_municipality,
    add_partner,
    add_person,
    create_cooperation,
    save_validated,
)
from ikz.core.models import Membership, Municipality, Partner
from ikz.sample.generator.state import CooperationState
from ikz.sample.generator.words import (
    BODIES,
    CONSULTANCIES,
    DISTRICTS,
    FEMALE,
    MALE,
    MUNICIPAL_ROLES,
    PLACE_PREFIXES,
    PLACE_STEMS,
    PLACE_SUFFIXES,
    REGION_STEMS,
    REGION_SUFFIXES,
    SURNAMES,
)

PALETTE = [
    ("#2E6B30", "#E9F2E4"),
    ("#1F5F8B", "#E3EEF6"),
    ("#8B3A1F", "#F6E9E3"),
    ("#5B3F8C", "#EEE8F6"),
    ("#7A6A12", "#F5F1DC"),
    ("#136F63", "#DFF2EF"),
]


def ascii_slug(text: str) -> str:
    """German umlauts spelt out, as an address would: Großpösna → grosspoesna."""
    for umlaut, spelt in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelt).replace(umlaut.upper(), spelt.capitalize())
    return slugify(text)


def cooperation_name(number: int) -> str:
    """A region's name, different for every number: Muldental, Elstertal, …"""
    index = number - 1
    stem = REGION_STEMS[index % len(REGION_STEMS)]
    suffix = REGION_SUFFIXES[(index // len(REGION_STEMS)) % len(REGION_SUFFIXES)]
    rounds = index // (len(REGION_STEMS) * len(REGION_SUFFIXES))
    name = f"{stem}{suffix}"
    return f"{name} {rounds + 1}" if rounds else name


def cooperation_slug(number: int) -> str:
    return ascii_slug(cooperation_name(number))


def municipality_ags(number: int, index: int) -> str:
    """``99ccc0m0``: Land code 99, which no real municipality has."""
    return f"99{number:03d}{10 * (index + 1):03d}"


def add_base(state: CooperationState) -> None:
    """The cooperation, 7 member municipalities, the bodies, 4 partners and the people."""
    rng = state.rng
    state.name = cooperation_name(state.number)
    slug = cooperation_slug(state.number)
    primary, secondary = PALETTE[(state.number - 1) % len(PALETTE)]
    district = DISTRICTS[(state.number - 1) % len(DISTRICTS)]
    state.cooperation = create_cooperation(
        name=state.name,
        slug=slug,
        report_title=(
            "Steuerung und Begleitung des Kooperationsprozesses einer interkommunalen "
            f"Zusammenarbeit in der Region „{state.name}“"
        ),
        region=district if district.endswith("kreis") else f"Landkreis {district}",
        website=f"https://www.{slug}.example",
        primary_colour=primary,
        secondary_colour=secondary,
    )
    population_date = datetime.date(state.start.year - 1, 12, 31)
    state.population_date = population_date
    state.municipalities = []
    names = set()
    while len(names) < 7:
        prefix = rng.choice(PLACE_PREFIXES)
        stem = rng.choice(PLACE_STEMS)
        stem = stem.lower() if prefix and not prefix.endswith(" ") else stem
        name = f"{prefix}{stem}{rng.choice(PLACE_SUFFIXES)}"
        if name in names:
            continue
        names.add(name)
        index = len(state.municipalities)
        town = rng.random() < 0.4
        municipality = add_municipality(
            name=name,
            kind=Municipality.Kind.TOWN if town else Municipality.Kind.MUNICIPALITY,
            ags=municipality_ags(state.number, index),
            population=rng.randint(6000, 16000) if town else rng.randint(1800, 7000),
            population_date=population_date,
            population_source="Statistisches Landesamt (synthetische Daten)",
            area_km2=Decimal(rng.randint(1200, 6000)) / 100,
            website=f"https://www.{ascii_slug(name)}.{slug}.example",
        )
        add_member(cooperation=state.cooperation, municipality=municipality, joined_on=state.start)
        state.municipalities.append(municipality)

    state.bodies = {}
    for key, name, kind, _per_year, _times, description in BODIES:
        state.bodies[key] = add_body(
            cooperation=state.cooperation, name=name, kind=kind, description=description
        )
    consultancy = add_partner(
        cooperation=state.cooperation,
        name=rng.choice(CONSULTANCIES),
        kind=Partner.Kind.CONSULTANCY,
    )
    association = add_partner(
        cooperation=state.cooperation,
        name=f"Tourismusverein {state.name}",
        kind=Partner.Kind.ASSOCIATION,
    )
    authority = add_partner(
        cooperation=state.cooperation,
        name=f"Landratsamt {district}",
        kind=Partner.Kind.AUTHORITY,
    )
    company = add_partner(
        cooperation=state.cooperation,
        name=f"Wirtschaftsförderung {state.name} GmbH",
        kind=Partner.Kind.COMPANY,
    )
    state.consultancy = consultancy

    state.members = defaultdict(list)
    people = _People(state, slug)
    for municipality in state.municipalities:
        for roles, body_key in MUNICIPAL_ROLES:
            pair = rng.choice(roles) if isinstance(roles, list) else roles
            if body_key == "citizens" and municipality.kind == Municipality.Kind.TOWN:
                pair = ("Stadträtin", "Stadtrat")
            chair = body_key == "steering" and municipality is state.municipalities[0]
            people.add(pair, body_key, municipality=municipality, chair=chair)
    people.add(
        ("Projektleiterin Prozessbegleitung", "Projektleiter Prozessbegleitung"),
        "project",
        partner=consultancy,
        chair=True,
        guest_of=["steering", "admin", "economy"],
    )
    people.add(("Moderatorin", "Moderator"), "citizens", partner=consultancy, chair=True)
    people.add(("Geschäftsführerin", "Geschäftsführer"), "economy", partner=association)
    people.add(
        ("Sachgebietsleiterin Kommunalaufsicht", "Sachgebietsleiter Kommunalaufsicht"),
        "steering",
        partner=authority,
        guest=True,
    )
    people.add(("Projektmanagerin", "Projektmanager"), "economy", partner=company)


class _People:
    """Adds the cooperation's people, each with an e-mail address no one else there has,
    to the bodies they sit in."""

    def __init__(self, state: CooperationState, slug: str):
        self.state = state
        self.slug = slug
        self.emails = set()

    def add(
        self,
        roles,
        body_key,
        *,
        municipality=None,
        partner=None,
        chair=False,
        guest=False,
        guest_of=(),
    ) -> None:
        state, rng = self.state, self.state.rng
        female = rng.random() < 0.5
        first = rng.choice(FEMALE if female else MALE)
        last = rng.choice(SURNAMES)
        organisation = ascii_slug((municipality or partner).name)
        local = f"{ascii_slug(first)}.{ascii_slug(last)}"
        email = f"{local}@{organisation}.{self.slug}.example"
        suffix = 2
        while email in self.emails:
            email = f"{local}{suffix}@{organisation}.{self.slug}.example"
            suffix += 1
        self.emails.add(email)
        person = add_person(
            cooperation=state.cooperation,
            role=roles[0] if female else roles[1],
            name=f"{first} {last}",
            email=email,
            municipality=municipality,
            partner=partner,
        )
        role = Membership.Role.CHAIR if chair else Membership.Role.MEMBER
        if guest:
            role = Membership.Role.GUEST
        save_validated(
            Membership(body=state.bodies[body_key], person=person, role=role, start=state.start)
        )
        for other in guest_of:
            save_validated(
                Membership(
                    body=state.bodies[other],
                    person=person,
                    role=Membership.Role.GUEST,
                    start=state.start,
                )
            )
        state.members[body_key].append(person)
