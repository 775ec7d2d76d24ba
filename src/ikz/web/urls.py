from django.urls import path

from ikz.web import accounts, audit, meetings, public, reports, roles, second_factor

app_name = "web"
urlpatterns = [
    path("", public.start_page, name="start"),
    path("k/<slug:slug>/", public.cooperation_page, name="cooperation"),
    path("k/<slug:slug>/logo", public.cooperation_logo, name="cooperation_logo"),
    path("k/<slug:slug>/impressum/", public.imprint, name="imprint"),
    path("k/<slug:slug>/datenschutz/", public.privacy, name="privacy"),
    path("k/<slug:slug>/rollen/", roles.cooperation_roles, name="roles"),
    path("k/<slug:slug>/personen/<int:user_id>/export/", roles.person_export, name="person_export"),
    path(
        "k/<slug:slug>/personen/<int:user_id>/anonymisieren/",
        roles.person_anonymise,
        name="person_anonymise",
    ),
    path("k/<slug:slug>/sitzungen/", meetings.meeting_list, name="meetings"),
    path(
        "k/<slug:slug>/sitzungen/kalender/<int:year>-<int:month>/",
        meetings.meeting_calendar,
        name="meeting_calendar",
    ),
    path("k/<slug:slug>/sitzungen/neu/", meetings.meeting_create, name="meeting_create"),
    path("sitzungen/<int:pk>/", meetings.meeting_detail, name="meeting"),
    path("sitzungen/<int:pk>/tagesordnung/", meetings.meeting_agenda, name="meeting_agenda"),
    path("sitzungen/<int:pk>/ergebnis/", meetings.meeting_record, name="meeting_record"),
    path("sitzungen/<int:pk>/anwesenheit/", meetings.meeting_attendance, name="meeting_attendance"),
    path("sitzungen/<int:pk>/abschluss/", meetings.meeting_close, name="meeting_close"),
    path("sitzungen/<int:pk>/veroeffentlichen/", meetings.meeting_publish, name="meeting_publish"),
    path("k/<slug:slug>/protokoll/", audit.audit_page, name="audit"),
    path("k/<slug:slug>/protokoll.csv", audit.audit_csv, name="audit_csv"),
    path("anmelden/", accounts.sign_in, name="login"),
    path("anmelden/code/", second_factor.sign_in_code, name="sign_in_code"),
    path("abmelden/", accounts.logout, name="logout"),
    path("konto/zweiter-faktor/", second_factor.setup, name="second_factor"),
    path("start/", accounts.home, name="home"),
    path("passwort/vergessen/", accounts.password_reset, name="password_reset"),
    path("passwort/gesendet/", accounts.password_reset_done, name="password_reset_done"),
    path(
        "passwort/neu/<uidb64>/<token>/",
        accounts.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("passwort/geaendert/", accounts.password_reset_complete, name="password_reset_complete"),
    path("einladung/<uidb64>/<token>/", accounts.invitation, name="invitation"),
    path("berichte/", reports.report_list, name="reports"),
    path("berichte/import/", reports.report_import, name="report_import"),
    path("berichte/<int:pk>/", reports.report_detail, name="report"),
    path("berichte/<int:pk>/ausstellen/", reports.report_issue, name="report_issue"),
    path("berichte/<int:pk>/<str:identifier>/", reports.report_download, name="report_download"),
    path(
        "berichte/<int:pk>/sitzungsuebersicht/<str:identifier>/",
        reports.report_meeting_overview,
        name="report_meeting_overview",
    ),
]
