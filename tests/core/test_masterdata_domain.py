"""The rules of the master data a coordinator keeps: colours dark enough for text, the
AGS and the population with its date, joining and leaving, memberships, saves based on
an older version, and deleting only what nothing refers to."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ikz.core.domain import (
    add_membership,
    colour_errors,
    delete_unreferenced,
    edit,
    edit_cooperation,
    edit_municipality,
    end_membership,
    join_new_municipality,
    leave,
    references_to,
)
from ikz.core.models import Body, Membership, Municipality, Participation, Partner
from ikz.core.versions import VersionConflict, current_version
from ikz.measures.domain import remove_field_of_action
from ikz.meetings.models import Meeting
from tests.factories import (
    BodyFactory,
    CooperationFactory,
    FieldOfActionFactory,
    MeasureFactory,
    MeetingFactory,
    ParticipationFactory,
    PartnerFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

JUNE_16 = datetime.date(2020, 6, 16)


def messages(error: ValidationError) -> dict:
    return {
        field: [str(message) for message in errors] for field, errors in error.message_dict.items()
    }


def test_colours_text_would_not_stand_out_on_are_named_with_the_contrast_they_reach():
    assert colour_errors(primary_colour="#ffcc00", secondary_colour="#1F5F8B") == {
        "primary_colour": (
            "Die Farbe #ffcc00 erreicht auf Weiß nur ein Kontrastverhältnis von 1,5 : 1; "
            "nötig sind 4,5 : 1."
        ),
        # The secondary colour is a background behind dark text.
        "secondary_colour": (
            "Die Farbe #1F5F8B ist als Hintergrund für Text zu dunkel: Text darauf erreicht "
            "nur ein Kontrastverhältnis von 2,2 : 1; nötig sind 4,5 : 1."
        ),
    }
    # Just short of 4.5 reads as short of it, not rounded up to it.
    assert colour_errors(primary_colour="#777777")["primary_colour"].startswith(
        "Die Farbe #777777 erreicht auf Weiß nur ein Kontrastverhältnis von 4,4 : 1"
    )
    # The demo's colours: a dark green for text, a pale green behind it.
    assert colour_errors(primary_colour="#2E6B30", secondary_colour="#E9F2E4") == {}
    assert colour_errors(primary_colour="#767676", secondary_colour="") == {}
    # A malformed colour is the format check's to name.
    assert colour_errors(primary_colour="gelb") == {}


def test_edit_cooperation_refuses_a_light_colour_and_keeps_the_stored_one(cooperation):
    with pytest.raises(ValidationError) as refused:
        edit_cooperation(
            cooperation, version=current_version(cooperation), primary_colour="#FFFF00"
        )

    assert list(messages(refused.value)) == ["primary_colour"]
    cooperation.refresh_from_db()
    assert cooperation.primary_colour == ""


def test_edit_cooperation_stores_a_picture_as_logo_and_refuses_anything_else(
    cooperation, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "JPEG")
    with pytest.raises(ValidationError) as refused:
        edit_cooperation(
            cooperation, version=current_version(cooperation),
            logo=SimpleUploadedFile("logo.jpg", b"MZ\x90\x00 ein Programm"),
        )  # fmt: skip
    assert list(messages(refused.value)) == ["logo"]
    assert list(tmp_path.iterdir()) == []

    edit_cooperation(
        cooperation, version=current_version(cooperation),
        logo=SimpleUploadedFile("logo.jpg", buffer.getvalue()),
    )  # fmt: skip
    cooperation.refresh_from_db()
    assert cooperation.logo.name == "logos/logo.jpg"

    edit_cooperation(cooperation, version=current_version(cooperation), logo=None)
    cooperation.refresh_from_db()
    assert not cooperation.logo


def test_a_save_based_on_an_older_version_is_refused_and_stores_nothing(cooperation):
    stale = current_version(cooperation)
    edit_cooperation(cooperation, version=stale, region="Landkreis Leipzig")

    with pytest.raises(VersionConflict) as conflict:
        edit_cooperation(cooperation, version=stale, region="Muldental")

    assert [change.field for change in conflict.value.conflict.changes] == ["Region"]
    cooperation.refresh_from_db()
    assert cooperation.region == "Landkreis Leipzig"


@pytest.mark.parametrize(
    ("ags", "message"),
    [
        ("1472930", "Der Amtliche Gemeindeschlüssel (AGS) hat genau 8 Ziffern, nicht 7."),
        ("147293001", "Der Amtliche Gemeindeschlüssel (AGS) hat genau 8 Ziffern, nicht 9."),
        ("1472930A", "Der Amtliche Gemeindeschlüssel (AGS) besteht nur aus Ziffern; "
                     "„1472930A“ enthält andere Zeichen."),
        ("１４７２９３００", "Der Amtliche Gemeindeschlüssel (AGS) besteht nur aus Ziffern; "
                         "„１４７２９３００“ enthält andere Zeichen."),
    ],
)  # fmt: skip
def test_the_ags_has_exactly_eight_digits(cooperation, ags, message):
    naunhof = ParticipationFactory(cooperation=cooperation).municipality

    with pytest.raises(ValidationError) as refused:
        edit_municipality(naunhof, version=current_version(naunhof), ags=ags)

    assert messages(refused.value) == {"ags": [message]}


def test_population_and_its_reference_date_go_together(cooperation):
    town = ParticipationFactory(cooperation=cooperation).municipality

    with pytest.raises(ValidationError) as without_date:
        edit_municipality(town, version=current_version(town), population_date=None)
    with pytest.raises(ValidationError) as without_figure:
        edit_municipality(town, version=current_version(town), population=None)
    edit_municipality(town, version=current_version(town), population=None, population_date=None)

    assert list(messages(without_date.value)) == ["population_date"]
    assert list(messages(without_figure.value)) == ["population"]
    town.refresh_from_db()
    assert (town.population, town.population_date) == (None, None)


def test_a_new_municipality_joins_whole_or_not_at_all(cooperation):
    ParticipationFactory(cooperation=cooperation, municipality__ags="14729020")

    with pytest.raises(ValidationError):
        join_new_municipality(
            cooperation=cooperation, joined_on=JUNE_16, name="Belgershain", ags="14729020"
        )
    participation = join_new_municipality(
        cooperation=cooperation, joined_on=JUNE_16, name="Belgershain", ags="14729010",
        population=3500, population_date=datetime.date(2019, 12, 31),
    )  # fmt: skip

    assert Municipality.objects.filter(name="Belgershain").count() == 1
    assert (participation.municipality.name, participation.joined_on) == ("Belgershain", JUNE_16)


def test_a_municipality_leaves_not_before_it_joined(cooperation):
    participation = ParticipationFactory(cooperation=cooperation, joined_on=JUNE_16)

    with pytest.raises(ValidationError) as refused:
        leave(
            participation,
            left_on=datetime.date(2020, 6, 15),
            version=current_version(participation),
        )
    leave(participation, left_on=datetime.date(2021, 1, 31), version=current_version(participation))

    assert list(messages(refused.value)) == ["left_on"]
    assert Participation.objects.get().left_on == datetime.date(2021, 1, 31)


def test_a_membership_is_of_the_body_s_cooperation_and_ends_after_it_started(cooperation):
    body = BodyFactory(cooperation=cooperation)
    stranger = PersonFactory(cooperation=CooperationFactory())
    with pytest.raises(ValidationError) as foreign:
        add_membership(body=body, person=stranger)
    member = add_membership(
        body=body, person=PersonFactory(cooperation=cooperation), role="chair", start=JUNE_16
    )
    with pytest.raises(ValidationError) as early:
        end_membership(member, end=datetime.date(2020, 1, 1), version=current_version(member))
    end_membership(member, end=datetime.date(2021, 6, 30), version=current_version(member))

    assert list(messages(foreign.value)) == ["person"]
    assert list(messages(early.value)) == ["end"]
    assert Membership.objects.get().end == datetime.date(2021, 6, 30)
    assert [record.history_type for record in member.history.all()] == ["~", "+"]


def test_what_refers_to_a_body_is_named_and_keeps_it(cooperation):
    body = BodyFactory(cooperation=cooperation, name="Lenkungsgruppe")
    MeetingFactory(body=body)
    MeetingFactory(body=body)
    add_membership(body=body, person=PersonFactory(cooperation=cooperation))

    assert references_to(body) == ["Mitgliedschaften (1)", "Sitzungen (2)"]
    with pytest.raises(ValidationError) as refused:
        delete_unreferenced(body, version=current_version(body))
    assert refused.value.messages == [
        "„Lenkungsgruppe“ kann nicht gelöscht werden: darauf verweisen noch Mitgliedschaften "
        "(1), Sitzungen (2)."
    ]
    assert Body.objects.filter(pk=body.pk).exists()
    assert Meeting.objects.count() == 2


def test_a_field_of_action_with_measures_is_kept_one_without_is_deleted(cooperation):
    kept = FieldOfActionFactory(cooperation=cooperation, name="Verwaltung")
    MeasureFactory(cooperation=cooperation, field_of_action=kept)
    gone = FieldOfActionFactory(cooperation=cooperation, name="Kultur")

    with pytest.raises(ValidationError):
        remove_field_of_action(kept, version=current_version(kept))
    remove_field_of_action(gone, version=current_version(gone))

    assert list(cooperation.fields_of_action.values_list("name", flat=True)) == ["Verwaltung"]


def test_a_deletion_based_on_an_older_version_deletes_nothing(cooperation):
    partner = PartnerFactory(cooperation=cooperation)
    stale = current_version(partner)
    edit(partner, version=stale, name="Tourismusverein")

    with pytest.raises(VersionConflict):
        delete_unreferenced(partner, version=stale)

    assert Partner.objects.get().name == "Tourismusverein"
