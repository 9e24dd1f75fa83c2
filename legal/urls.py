from django.urls import path

from . import views

app_name = "legal"

urlpatterns = [
    path("accept/", views.AcceptChangesView.as_view(), name="accept"),
    path("notices/<int:pk>/seen/", views.notice_seen, name="notice-seen"),
    path("preview/<int:pk>/", views.PreviewView.as_view(), name="preview"),
    path("cookies/consent/", views.cookie_consent, name="cookie-consent"),
    path("<slug:kind>/", views.DocumentView.as_view(), name="document"),
    path("<slug:kind>/history/", views.HistoryView.as_view(), name="history"),
    path("<slug:kind>/diff/", views.diff_view, name="diff"),
    path("<slug:kind>/v<int:number>/", views.VersionView.as_view(), name="version"),
]
