from django.urls import path

from ikz.web import accounts, roles, views

app_name = "web"
urlpatterns = [
    path("", views.start_page, name="start"),
    path("k/<slug:slug>/", views.cooperation_page, name="cooperation"),
    path("k/<slug:slug>/logo", views.cooperation_logo, name="cooperation_logo"),
    path("k/<slug:slug>/rollen/", roles.cooperation_roles, name="roles"),
    path("anmelden/", accounts.sign_in, name="login"),
    path("abmelden/", views.logout, name="logout"),
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
    path("berichte/", views.report_list, name="reports"),
    path("berichte/import/", views.report_import, name="report_import"),
    path("berichte/<int:pk>/", views.report_detail, name="report"),
    path("berichte/<int:pk>/ausstellen/", views.report_issue, name="report_issue"),
    path("berichte/<int:pk>/<str:identifier>/", views.report_download, name="report_download"),
    path(
        "berichte/<int:pk>/sitzungsuebersicht/<str:identifier>/",
        views.report_meeting_overview,
        name="report_meeting_overview",
    ),
]
